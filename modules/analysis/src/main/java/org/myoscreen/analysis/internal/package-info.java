/** Implementation of the analysis (components, level counting, voxel classification); not for other modules. */
package org.myoscreen.analysis.internal;
