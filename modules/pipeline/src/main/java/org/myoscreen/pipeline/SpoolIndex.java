package org.myoscreen.pipeline;

import java.util.List;

/**
 * Reads back what the spool holds for one study (headers only). The {@link SeriesAssembler} uses it to reload
 * a study it dropped from memory when a late instance for it arrives. {@link Spool} implements it.
 */
@FunctionalInterface
public interface SpoolIndex {

    /**
     * Every instance of the study in the spool (any order); empty when there is none.
     *
     * @param studyInstanceUid the study
     * @return the instances
     */
    List<SpooledInstance> studyInstances(String studyInstanceUid);
}
