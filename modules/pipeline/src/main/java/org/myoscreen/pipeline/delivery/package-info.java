/**
 * Delivery: results on their way to the PACS. The {@link org.myoscreen.pipeline.delivery.Outbox} stores each
 * output and one {@link org.myoscreen.pipeline.delivery.Delivery} per file and {@link
 * org.myoscreen.pipeline.delivery.Destination} durably before anything is sent; the {@link
 * org.myoscreen.pipeline.delivery.DeliveryLoop} drains it, one lane per destination, retrying after the
 * {@link org.myoscreen.pipeline.delivery.DeliveryPolicy}'s backoff, through the {@link
 * org.myoscreen.pipeline.delivery.ResultSender}: C-STORE with {@link org.myoscreen.pipeline.delivery.DicomSender},
 * DICOMweb STOW-RS with {@link org.myoscreen.pipeline.delivery.StowRsSender} ({@link
 * org.myoscreen.pipeline.delivery.StowRsAuth}; failures outside DIMSE are {@link
 * org.myoscreen.pipeline.delivery.DeliveryException}s).
 *
 * <p>May use: {@code internal}, dicom and dicom-net. The end of the flow: it imports no other pipeline package.
 */
package org.myoscreen.pipeline.delivery;
