package org.myoscreen.app.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;

/** The result.json example of docs/INTERFACE.md, and a recursive key-set comparison against it. */
final class InterfaceKeys {

    /** Copied from docs/INTERFACE.md ("analyze output"); the values do not matter, the keys do. */
    static final String EXAMPLE = """
      {
        "study_instance_uid": "…",
        "source_series_instance_uids": ["…"],
        "model": {"name": "…", "version": "…"},
        "patient": {"sex": "M", "age_years": 52, "weight_kg": 84.0, "height_m": 1.79, "bmi": 26.2},
        "coverage": {"z_min_mm": -180.0, "z_max_mm": 180.0, "levels": ["T8", "…", "S1"]},
        "measurements": {
          "lmm_volume_cm3": 1040.1, "imat_volume_cm3": 91.0, "imat_percent": 8.05,
          "lmm_index_cm3_per_bmi": 39.7,
          "left":  {"lmm_volume_cm3": 0, "imat_volume_cm3": 0, "imat_percent": 0},
          "right": {"lmm_volume_cm3": 0, "imat_volume_cm3": 0, "imat_percent": 0},
          "psoas_area_l3_cm2": 10.0, "pmi_cm2_per_m2": 3.1,
          "fat_fraction_percent": null
        },
        "zscores": {"imat_percent": 0.4, "lmm_index": -0.2, "reference": "…"},
        "risk": [{"id": "…", "outcome": "hypertension", "flag": "elevated|typical|low|not-applicable",
                  "effect": "OR 1.67 per SD", "source": "Ziegelmayer et al., Radiology 2026"}],
        "qc": {"passed": true, "flags": []},
        "outputs": {"seg": "seg.dcm", "sr": "sr.dcm", "sc": ["sc-1.dcm"]}
      }
      """;

    private InterfaceKeys() {}

    static JsonNode example() throws Exception {
        return new ObjectMapper().readTree(EXAMPLE);
    }

    /**
     * Every key of {@code expected} is in {@code actual}, recursively (array elements of {@code
     * actual} against the first element of {@code expected}'s array); objects stay objects, arrays
     * arrays.
     */
    static void assertHasKeys(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object").isTrue();
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                assertThat(actual.has(key)).as(path + "." + key + " present").isTrue();
                assertHasKeys(expected.get(key), actual.get(key), path + "." + key);
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(path + " is an array").isTrue();
            if (expected.size() > 0) {
                for (int i = 0; i < actual.size(); i++) {
                    assertHasKeys(expected.get(0), actual.get(i), path + "[" + i + "]");
                }
            }
        }
    }
}
