package org.myoscreen.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Computes z-scores against the site reference where its stratum has at least
 * {@code minSiteStudies} studies, else against the provisional table, and says which one it used.
 * The strata of the site reference are the table's (sex and age band). Thread-safe.
 */
public final class ReferencePopulation {

    private final ReferenceTable table;
    private final Optional<SiteReference> site;
    private final int minSiteStudies;

    /**
     * @param table the shipped (or site-replaced) table
     * @param site the learned site reference, if the node keeps one
     * @param minSiteStudies studies a site stratum needs before it is used (at least 2)
     */
    public ReferencePopulation(ReferenceTable table, Optional<SiteReference> site, int minSiteStudies) {
        this.table = Objects.requireNonNull(table, "table is null");
        this.site = Objects.requireNonNull(site, "site is null");
        if (minSiteStudies < 2) {
            throw new IllegalArgumentException("minSiteStudies must be at least 2: " + minSiteStudies);
        }
        this.minSiteStudies = minSiteStudies;
    }

    /** The table alone. */
    public static ReferencePopulation of(ReferenceTable table) {
        return new ReferencePopulation(table, Optional.empty(), 2);
    }

    /** The table. */
    public ReferenceTable table() {
        return table;
    }

    /** The site reference, if any. */
    public Optional<SiteReference> site() {
        return site;
    }

    /** z-scores of {@code imatPercent} and {@code lmmIndex} for {@code patient}. */
    public ZScores zScores(PatientFacts patient, OptionalDouble imatPercent, OptionalDouble lmmIndex) {
        if (patient.sex().isEmpty()) {
            return ZScores.none("no PatientSex: z-scores not computed");
        }
        if (patient.ageYears().isEmpty()) {
            return ZScores.none("no PatientAge: z-scores not computed");
        }
        Sex sex = patient.sex().get();
        int age = patient.ageYears().getAsInt();
        Optional<ReferenceTable.Stratum> stratum = table.stratum(sex, age);
        if (stratum.isEmpty()) {
            return ZScores.none("no reference stratum for " + sex + " aged " + age + ": z-scores not computed");
        }
        ReferenceTable.Stratum s = stratum.get();
        List<String> notes = new ArrayList<>();
        OptionalDouble zi = OptionalDouble.empty();
        Optional<ZScores.Reference> ri = Optional.empty();
        if (imatPercent.isPresent()) {
            Map.Entry<ReferenceTable.Stat, ZScores.Reference> r =
                    pick(SiteReference.Metric.IMAT_PERCENT, s, s.imatPercent());
            zi = OptionalDouble.of(r.getKey().z(imatPercent.getAsDouble()));
            ri = Optional.of(r.getValue());
        } else {
            notes.add("imat_percent not measured: imat z-score not computed");
        }
        OptionalDouble zl = OptionalDouble.empty();
        Optional<ZScores.Reference> rl = Optional.empty();
        if (lmmIndex.isPresent()) {
            Map.Entry<ReferenceTable.Stat, ZScores.Reference> r = pick(SiteReference.Metric.LMM_INDEX, s, s.lmmIndex());
            zl = OptionalDouble.of(r.getKey().z(lmmIndex.getAsDouble()));
            rl = Optional.of(r.getValue());
        } else {
            notes.add("lmm_index not computed: lmm z-score not computed");
        }
        return new ZScores(zi, ri, zl, rl, notes);
    }

    private Map.Entry<ReferenceTable.Stat, ZScores.Reference> pick(
            SiteReference.Metric metric, ReferenceTable.Stratum s, ReferenceTable.Stat provisional) {
        if (site.isPresent()) {
            Optional<Map.Entry<ReferenceTable.Stat, Integer>> learned =
                    site.get().stat(metric, s.sex(), s.ageMin(), s.ageMax());
            if (learned.isPresent() && learned.get().getValue() >= minSiteStudies) {
                return Map.entry(
                        learned.get().getKey(),
                        new ZScores.Reference(
                                "site",
                                true,
                                s.label(),
                                OptionalInt.of(learned.get().getValue())));
            }
        }
        return Map.entry(provisional, new ZScores.Reference(table.name(), false, s.label(), OptionalInt.empty()));
    }
}
