package org.myoscreen.inference;

import java.util.Locale;
import java.util.Objects;

/**
 * A model package, a device or an input could not be used for segmentation. Unchecked; the
 * {@link Category} says whose fault it is. None of them is retriable: a package or device error
 * is a start-up (configuration) error, an input error belongs to that one study.
 */
public final class InferenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Category {
        /** The package folder, its manifest or its checksum is wrong (configuration error). */
        MODEL_PACKAGE,
        /** The ONNX graph's inputs or outputs disagree with the manifest (configuration error). */
        MODEL_MISMATCH,
        /** The requested execution provider is not available and the GPU was required. */
        DEVICE,
        /** The volumes handed to the segmenter do not fit the model (user error, one study). */
        INPUT,
        /** ONNX Runtime failed while running (internal error). */
        RUNTIME
    }

    private final Category category;

    /** An exception of {@code category} with {@code message}. */
    public InferenceException(Category category, String message) {
        super(category.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + message);
        this.category = Objects.requireNonNull(category, "category is null");
    }

    /** Same, with a cause. */
    public InferenceException(Category category, String message, Throwable cause) {
        this(category, message);
        initCause(cause);
    }

    /** The category. */
    public Category category() {
        return category;
    }
}
