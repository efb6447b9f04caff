package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElementDictionaryTest {

    @Test
    void looksUpPublicTags() {
        DictionaryEntry e = ElementDictionary.lookup(Tag.PatientName).orElseThrow();
        assertThat(e.keyword()).isEqualTo("PatientName");
        assertThat(e.vr()).isEqualTo(VR.PN);
        assertThat(e.vm()).isEqualTo("1");
        assertThat(e.retired()).isFalse();
        assertThat(ElementDictionary.vrOf(Tag.ImagePositionPatient)).isEqualTo(VR.DS);
        assertThat(ElementDictionary.lookup(Tag.ImagePositionPatient)
                        .orElseThrow()
                        .vm())
                .isEqualTo("3");
        assertThat(Tag.StudyInstanceUID).isEqualTo(0x0020000D);
        assertThat(Tag.PixelData).isEqualTo(0x7FE00010);
        assertThat(Tag.Item).isEqualTo(0xFFFEE000);
    }

    @Test
    void resolvesRepeatingGroups() {
        assertThat(ElementDictionary.keywordOf(0x60003000)).isEqualTo("OverlayData");
        assertThat(ElementDictionary.keywordOf(0x601E3000)).isEqualTo("OverlayData");
        assertThat(ElementDictionary.lookup(0x60220010).orElseThrow().tag()).isEqualTo(0x60220010);
        assertThat(ElementDictionary.vrOf(0x60020010)).isEqualTo(VR.US);
        assertThat(ElementDictionary.keywordOf(0x50020005)).isEqualTo("CurveDimensions");
        assertThat(ElementDictionary.lookup(0x50020005).orElseThrow().retired()).isTrue();
        assertThat(ElementDictionary.keywordOf(0x00203105)).isEqualTo("SourceImageIDs");
        assertThat(ElementDictionary.keywordOf(0x7F020010)).isEqualTo("VariablePixelData");
        // odd groups are private, not overlays
        assertThat(ElementDictionary.lookup(0x60013000)).isEmpty();
    }

    @Test
    void knowsGroupLengthsAndPrivateCreators() {
        assertThat(ElementDictionary.vrOf(0x00080000)).isEqualTo(VR.UL);
        assertThat(ElementDictionary.keywordOf(0x00020000)).isEqualTo("FileMetaInformationGroupLength");
        assertThat(ElementDictionary.vrOf(0x00090010)).isEqualTo(VR.LO);
        assertThat(ElementDictionary.vrOf(0x00091001)).isEqualTo(VR.UN);
        assertThat(ElementDictionary.keywordOf(0x00091001)).isEmpty();
    }

    @Test
    void mapsKeywordsToTags() {
        assertThat(ElementDictionary.tagOf("SOPInstanceUID")).hasValue(0x00080018);
        assertThat(ElementDictionary.tagOf("OverlayData")).hasValue(0x60003000);
        assertThat(ElementDictionary.tagOf("NoSuchKeyword")).isEmpty();
    }

    @Test
    void documentsMultiVrChoices() {
        assertThat(ElementDictionary.vrOf(Tag.SmallestImagePixelValue)).isEqualTo(VR.US);
        assertThat(ElementDictionary.vrChoices(Tag.SmallestImagePixelValue)).isEqualTo("US or SS");
        assertThat(ElementDictionary.vrOf(Tag.PixelData)).isEqualTo(VR.OW);
        assertThat(ElementDictionary.vrOf(Tag.OffsetOfTheNextDirectoryRecord)).isEqualTo(VR.UL);
        assertThat(ElementDictionary.vrChoices(Tag.PatientName)).isEmpty();
    }

    @Test
    void formatsAndClassifiesTags() {
        assertThat(Tag.toString(Tag.PatientName)).isEqualTo("(0010,0010)");
        assertThat(Tag.toString(0x7FE00010)).isEqualTo("(7FE0,0010)");
        assertThat(Tag.group(0x00291010)).isEqualTo(0x0029);
        assertThat(Tag.element(0x00291010)).isEqualTo(0x1010);
        assertThat(Tag.isPrivate(0x00291010)).isTrue();
        assertThat(Tag.isPrivate(Tag.PatientName)).isFalse();
        assertThat(Tag.isPrivateCreator(0x00290010)).isTrue();
    }
}
