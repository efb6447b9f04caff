package org.myoscreen.pipeline.assembly;

import java.util.List;
import org.myoscreen.pipeline.SpooledInstance;

/**
 * Reads back what the spool holds for one study (headers only). The {@link SeriesAssembler} uses it to reload
 * a study it dropped from memory when a late instance for it arrives. {@code Spool} implements it.
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
