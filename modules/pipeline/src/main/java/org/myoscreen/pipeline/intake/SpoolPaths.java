package org.myoscreen.pipeline.intake;

import java.nio.file.Path;
import org.myoscreen.dicom.Uids;

/**
 * Where instances live in the spool: {@code <root>/<StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm}. UIDs become
 * path names only after {@link #isSafeUid} accepted them, so a dataset cannot steer a file outside the spool.
 */
final class SpoolPaths {

    /** Suffix of spooled instance files. */
    static final String SUFFIX = ".dcm";

    private SpoolPaths() {}

    /**
     * True when {@code uid} passes {@link Uids#isValid} (PS3.5 9.1: digits and single dots, no leading zeros,
     * at most 64 characters), which admits no separator, no ".." and no empty name: safe as one path name.
     */
    static boolean isSafeUid(String uid) {
        return Uids.isValid(uid);
    }

    /**
     * The spool path of an instance.
     *
     * @throws IllegalArgumentException when a UID is not safe
     */
    static Path instancePath(Path root, String studyUid, String seriesUid, String sopInstanceUid) {
        for (String uid : new String[] {studyUid, seriesUid, sopInstanceUid}) {
            if (!isSafeUid(uid)) {
                throw new IllegalArgumentException("UID '" + uid + "' is not a valid UID; refusing it as a path name");
            }
        }
        return root.resolve(studyUid).resolve(seriesUid).resolve(sopInstanceUid + SUFFIX);
    }
}
