/**
 * What the radiologist sees: the DICOM Segmentation (SEG), the TID 1500 Measurement Report
 * (Comprehensive 3D SR) and secondary capture summary images, all joining the source study, with
 * SOP Instance UIDs derived from the job key and model version. Coded concepts live here.
 *
 * <p>Knows nothing of networks or queues.
 */
package org.myoscreen.report;
