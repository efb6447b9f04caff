package org.myoscreen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.dicom.Uids;
import org.myoscreen.phantom.Orientation;

class ResultObjectsTest {

    @TempDir
    Path dir;

    @Test
    void twoRunsGiveTheSameUidsAndAllObjectsAreValid() {
        Fixtures.Written w = Fixtures.write(dir.resolve("study"), Orientation.AXIAL, 3);
        SourceImages source = SourceImages.fromDatasets(w.datasets());
        AnalysisResult analysis = Analyses.analyze(w.study());
        ResultObjects.Input input = new ResultObjects.Input(
                source, w.study().labels(), Fixtures.image(w.study()), Fixtures.structures(), false, analysis);
        ResultObjects.Written first = ResultObjects.write(Fixtures.CONTEXT, input, dir.resolve("run1"));
        ResultObjects.Written second = ResultObjects.write(Fixtures.CONTEXT, input, dir.resolve("run2"));

        assertThat(second.sopInstanceUids()).isEqualTo(first.sopInstanceUids());
        assertThat(new HashSet<>(first.sopInstanceUids())).hasSameSizeAs(first.sopInstanceUids());
        assertThat(first.sopInstanceUids()).allMatch(Uids::isValid);
        assertThat(first.sopInstanceUids().get(0)).isEqualTo(Fixtures.CONTEXT.uid(SegmentationWriter.KIND, 0));

        for (Path f : java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(first.seg(), first.sr()), first.sc().stream())
                .toList()) {
            Tools.Verification v = Tools.dciodvfy(f);
            System.out.println("dciodvfy " + f.getFileName() + " (3 stations):\n" + v.output());
            assertThat(v.errors()).as(f + "\n" + v.output()).isEmpty();
        }
    }

    @Test
    void uidsDependOnJobVersionKindAndIndex() {
        ReportContext c = Fixtures.CONTEXT;
        ReportContext otherJob =
                new ReportContext("job-2", c.algorithmName(), c.algorithmVersion(), c.manufacturer(), c.created());
        assertThat(c.uid("seg", 0))
                .isEqualTo(c.uid("seg", 0))
                .isNotEqualTo(c.uid("sr", 0))
                .isNotEqualTo(c.uid("seg", 1))
                .isNotEqualTo(otherJob.uid("seg", 0));
    }
}
