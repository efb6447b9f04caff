package org.myoscreen.analysis;

/**
 * One vertebral level identified from the label map's vertebral bodies and discs. Positions are
 * patient z (LPS, mm; +z is superior).
 *
 * @param name level name: {@code S1}, {@code L5}..{@code L1}, {@code T12}..{@code T1}, {@code C7}..{@code C1}
 * @param bodyBottomZMm lowest voxel-centre z of the body
 * @param bodyTopZMm highest voxel-centre z of the body
 * @param centreZMm centroid z of the body (the "mid-level" plane)
 * @param lowerBoundZMm lower bound of the level's slab (centroid of the disc below; -infinity for S1)
 * @param upperBoundZMm upper bound of the level's slab (centroid of the disc above)
 */
public record VertebralLevel(
        String name,
        double bodyBottomZMm,
        double bodyTopZMm,
        double centreZMm,
        double lowerBoundZMm,
        double upperBoundZMm) {

    /** The region: {@link Region#THORACIC} for T levels, {@link Region#LUMBAR} for L levels, else {@link Region#OTHER}. */
    public Region region() {
        if (name.startsWith("T")) {
            return Region.THORACIC;
        }
        return name.startsWith("L") ? Region.LUMBAR : Region.OTHER;
    }

    /** True when {@code z} lies in this level's slab (lower bound inclusive). */
    public boolean contains(double z) {
        return z >= lowerBoundZMm && z < upperBoundZMm;
    }
}
