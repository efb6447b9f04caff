package org.myoscreen.dicom;

import java.util.OptionalInt;

/**
 * Thrown when a DICOM stream cannot be decoded: truncated input, a value length past the end of the
 * stream or its enclosing item, bad VR bytes, absurd lengths, or sequences nested beyond reason.
 *
 * <p>The message names the source (file name or stream description), the byte offset where the
 * offending element or item starts, and its tag when one was read. For deflated transfer syntaxes the
 * offset counts bytes of the inflated stream (after the file meta information, which is not deflated).
 */
public final class DicomParseException extends DicomException {

    private static final long serialVersionUID = 1L;

    /** File name or stream description. */
    private final String source;
    /** Byte offset of the offending element or item. */
    private final long offset;
    /** The tag, meaningful when {@link #hasTag}. */
    private final int tag;
    /** Whether a tag was read before the failure. */
    private final boolean hasTag;

    /**
     * Creates an exception.
     *
     * @param source the file name or stream description
     * @param offset byte offset in the source where the problem starts
     * @param tag the tag of the element being read, or empty when none was read
     * @param problem what is wrong
     * @param cause the underlying failure, or null
     */
    public DicomParseException(String source, long offset, OptionalInt tag, String problem, Throwable cause) {
        super(format(source, offset, tag, problem), cause);
        this.source = source;
        this.offset = offset;
        this.tag = tag.orElse(0);
        this.hasTag = tag.isPresent();
    }

    /**
     * Creates an exception without cause.
     *
     * @param source the file name or stream description
     * @param offset byte offset in the source where the problem starts
     * @param tag the tag of the element being read, or empty when none was read
     * @param problem what is wrong
     */
    public DicomParseException(String source, long offset, OptionalInt tag, String problem) {
        this(source, offset, tag, problem, null);
    }

    private static String format(String source, long offset, OptionalInt tag, String problem) {
        return "cannot parse DICOM source=" + source + " offset=" + offset
                + (tag.isPresent() ? " tag=" + Tag.toString(tag.getAsInt()) : "") + ": " + problem;
    }

    /**
     * Returns the byte offset where the offending element or item starts.
     *
     * @return offset in bytes from the start of the source
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns the tag of the element being read.
     *
     * @return the tag, empty when the failure came before a tag was read
     */
    public OptionalInt tag() {
        return hasTag ? OptionalInt.of(tag) : OptionalInt.empty();
    }

    /**
     * Returns the source name given to the reader.
     *
     * @return file name or stream description
     */
    public String source() {
        return source;
    }
}
