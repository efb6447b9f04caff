package org.myoscreen.pipeline;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.myoscreen.dicom.Uids;

/**
 * Where instances live in the spool: {@code <root>/<StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm}. UIDs become
 * path names only after {@link #isSafeUid} accepted them, so a dataset cannot steer a file outside the spool.
 */
final class SpoolPaths {

    /** PS3.5 9.1: components of digits without leading zeros (except "0"), separated by single dots, ≤ 64 chars. */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    /** Suffix of spooled instance files. */
    static final String SUFFIX = ".dcm";

    private SpoolPaths() {
    }

    /** True when {@code uid} passes {@link Uids#isValid} (and, as a second guard, our own pattern): safe as one path name. */
    static boolean isSafeUid(String uid) {
        return uid != null && Uids.isValid(uid) && UID.matcher(uid).matches();
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
