package io.argus.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.errors.PoisonMessageException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the messages of the contract as their consumers do: one that cannot be read is a poison
 * message whose reason starts with {@code malformed <what>:}, so it is dead-lettered, never retried.
 */
public final class EventJson {
    private EventJson() {
    }

    /** The message's JSON object; empty for JSON that is no object (nothing, {@code null}, an array, a scalar). */
    public static Optional<ObjectNode> object(ObjectMapper json, String body, String what) {
        JsonNode tree;
        try {
            tree = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("malformed " + what + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        return tree instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    /** The message's record; a field of another type than the contract's makes the message malformed. */
    public static <T> T bind(ObjectMapper json, ObjectNode object, Class<T> type, String what) {
        try {
            return json.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("malformed " + what + ": " + field(e) + e.getOriginalMessage(), e);
        }
    }

    /** The field the binding failed at, as {@code detections.box: }, when it knows it. */
    private static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        String path = mapping.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(Objects::nonNull).collect(Collectors.joining("."));
        return path.isEmpty() ? "" : path + ": ";
    }
}
