package org.myoscreen.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.myoscreen.app.Installation;
import org.myoscreen.app.config.ConfigKey;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;
import org.myoscreen.pipeline.assembly.RoutingRule;
import org.myoscreen.pipeline.delivery.Destination;

/**
 * The configuration as the admin page shows it: AE title, ports, bind addresses, destinations, routing
 * rules, model name and version, and the other keys with their origin, never a secret (tokens, password
 * hashes and key-store passwords are shown as "set" or omitted). Stateless.
 */
public final class AdminConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys whose values are never shown. */
    private static final Set<String> SECRETS = Set.of(
            NodeConfigKeys.HTTP_TOKEN.name(),
            NodeConfigKeys.HTTP_PASSWORD_HASH.name(),
            NodeConfigKeys.TLS_KEYSTORE_PASSWORD.name(),
            NodeConfigKeys.TLS_TRUSTSTORE_PASSWORD.name());

    private AdminConfig() {}

    /**
     * @param settings the node's settings
     * @param rules its routing rules
     * @param workingDirectory against which the model folder resolves
     * @return the JSON document of {@code GET /api/config}
     */
    public static ObjectNode of(Settings settings, List<RoutingRule> rules, Path workingDirectory) {
        ObjectNode out = JSON.createObjectNode();
        out.put("ae_title", settings.get(NodeConfigKeys.AE_TITLE_KEY))
                .put("port", settings.get(NodeConfigKeys.PORT))
                .put("bind", settings.get(NodeConfigKeys.BIND))
                .put("http_bind", settings.get(NodeConfigKeys.HTTP_BIND))
                .put(
                        "http_credential",
                        settings.find(NodeConfigKeys.HTTP_TOKEN).isPresent()
                                ? "token"
                                : settings.find(NodeConfigKeys.HTTP_USER).isPresent()
                                        ? "basic auth"
                                        : "none (loopback only)");
        ArrayNode destinations = out.putArray("destinations");
        settings.get(NodeConfigKeys.DESTINATION).forEach(destinations::add);
        ArrayNode ruleList = out.putArray("rules");
        for (RoutingRule r : rules) {
            ObjectNode rule = ruleList.addObject()
                    .put("id", r.id())
                    .put("model", r.modelId())
                    .put("series_description", r.seriesDescriptionRegex().orElse(""))
                    .put("quiet_period", r.quietPeriod().map(Object::toString).orElse(""));
            rule.putArray("modalities")
                    .addAll(r.modalities().stream()
                            .map(JSON.getNodeFactory()::textNode)
                            .toList());
            rule.putArray("calling_ae_titles")
                    .addAll(r.callingAeTitles().stream()
                            .map(JSON.getNodeFactory()::textNode)
                            .toList());
            rule.putArray("destinations")
                    .addAll(r.destinations().stream()
                            .map(Destination::toString)
                            .map(JSON.getNodeFactory()::textNode)
                            .toList());
        }
        ObjectNode model = out.putObject("model");
        String modelKey = settings.get(NodeConfigKeys.MODEL);
        model.put("folder", modelKey);
        try {
            Path dir = Installation.resolve(
                    workingDirectory,
                    modelKey,
                    !settings.origin(NodeConfigKeys.MODEL).equals("default"));
            JsonNode manifest = JSON.readTree(dir.resolve("model.json").toFile());
            model.put("name", manifest.path("name").asText(""))
                    .put("version", manifest.path("version").asText(""));
        } catch (IOException | RuntimeException e) {
            model.put("name", "").put("version", "").put("error", "model.json not readable");
        }
        ArrayNode keys = out.putArray("keys");
        for (ConfigKey<?> key : NodeConfigKeys.ALL) {
            ObjectNode k = keys.addObject().put("key", key.name()).put("origin", settings.origin(key));
            if (SECRETS.contains(key.name())) {
                k.put("value", settings.find(key).isPresent() ? "(set, not shown)" : "");
            } else {
                k.put("value", settings.find(key).map(Object::toString).orElse(""));
            }
        }
        return out;
    }
}
