package org.myoscreen.dicom;

/**
 * myoscreen's DICOM implementation identity, sent in the file meta information (PS3.10 section 7.1)
 * and in A-ASSOCIATE user information (PS3.7 annex D.3.3.2).
 *
 * <p>Constants only; thread-safe.
 */
public final class Implementation {

    /**
     * Implementation Class UID: {@code Uids.fromName("myoscreen implementation class")}, a 2.25 UID
     * (PS3.5 section B.2) so no registered root is needed. Fixed for the life of the product.
     */
    public static final String CLASS_UID = "2.25.182337626721965044166672824899822940071";

    /** Implementation Version Name (SH, at most 16 characters). */
    public static final String VERSION_NAME = "MYOSCREEN_010";

    private Implementation() {}
}
