/**
 * Series assembly: spooled instances become jobs. The {@link org.myoscreen.pipeline.assembly.SeriesAssembler}
 * ({@link org.myoscreen.pipeline.assembly.AssemblerConfig}) tracks open series and decides when each is
 * complete ({@link org.myoscreen.pipeline.assembly.CompletionReason}); the {@link
 * org.myoscreen.pipeline.assembly.Router} matches the {@link org.myoscreen.pipeline.assembly.CompletedSeries}'
 * {@link org.myoscreen.pipeline.assembly.SeriesFacts} against the {@link
 * org.myoscreen.pipeline.assembly.RoutingConfig}'s {@link org.myoscreen.pipeline.assembly.RoutingRule}s; the
 * {@link org.myoscreen.pipeline.assembly.StationGrouper} groups a study's routed series (stations, Dixon
 * contrasts) and each group is published as one job, its versions kept in {@link
 * org.myoscreen.pipeline.assembly.PublishedGroups}. {@link org.myoscreen.pipeline.assembly.SpoolIndex} is what
 * the assembler needs from the spool to reload a study, {@link org.myoscreen.pipeline.assembly.PipelineListener}
 * what intake and assembly tell observers (the ledger), {@link org.myoscreen.pipeline.assembly.Summaries} the
 * per-series log line.
 *
 * <p>May use: the instance model in {@code org.myoscreen.pipeline}, {@code jobs} (it publishes {@code Job}s
 * to a {@code JobQueue}), {@code delivery} (a rule names {@code Destination}s) and {@code internal}. Never
 * {@code intake}, which calls it, nor {@code ledger}, which observes it.
 */
package org.myoscreen.pipeline.assembly;
