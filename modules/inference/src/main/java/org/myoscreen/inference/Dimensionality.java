package org.myoscreen.inference;

/** Whether a network sees 2D slices ({@code [N, C, y, x]}) or 3D patches ({@code [N, C, z, y, x]}). */
public enum Dimensionality {
    /** Axial slices, batched: input rank 4. */
    TWO_D(2),
    /** 3D patches: input rank 5. */
    THREE_D(3);

    private final int spatialDims;

    Dimensionality(int spatialDims) {
        this.spatialDims = spatialDims;
    }

    /** Spatial dimensions (2 or 3). */
    public int spatialDims() {
        return spatialDims;
    }

    /** Rank of the input and output tensors (spatial dimensions + batch + channel). */
    public int tensorRank() {
        return spatialDims + 2;
    }
}
