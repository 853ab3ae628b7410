package io.argus.api;

import io.argus.index.DetectionsIndex;
import io.argus.index.TimeRange;
import io.argus.services.ServiceUnavailableException;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/detections?label=a&label=b&from&to&limit}: the most recent images with their
 * detections (labels, boxes in image pixels) and links to the image and its annotated copy.
 */
public final class DetectionsApi {
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 200;

    private final DetectionsIndex index;
    private final JsonResponses responses;
    private final String bucketUri;
    private final Clock clock;

    public DetectionsApi(DetectionsIndex index, JsonResponses responses, String bucket, Clock clock) {
        this.index = index;
        this.responses = responses;
        this.bucketUri = "s3://" + bucket + "/";
        this.clock = clock;
    }

    public void detections(Exchange exchange) throws Exception {
        QueryParameters parameters = new QueryParameters(exchange.getMessage(), clock);
        List<String> labels = parameters.labels(false);
        TimeRange range = parameters.range(parameters.zone());
        int limit = parameters.limit(DEFAULT_LIMIT, MAX_LIMIT);
        List<Map<String, Object>> found;
        try {
            found = index.recent(labels, range.from(), range.to(), limit);
        } catch (IOException e) {
            throw new ServiceUnavailableException("Elasticsearch is unavailable: " + e.getMessage(), e);
        }
        List<Map<String, Object>> detections = found.stream().map(this::withLinks).toList();
        responses.respond(exchange, 200, Map.of("detections", detections));
    }

    private Map<String, Object> withLinks(Map<String, Object> document) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("image_key", document.get("image_key"));
        item.put("event_timestamp", document.get("event_timestamp"));
        item.put("image_width", document.get("image_width"));
        item.put("image_height", document.get("image_height"));
        item.put("labels", document.get("labels"));
        item.put("detections", document.get("detections"));
        item.put("image_url", ImagesApi.PATH + document.get("image_key"));
        Object annotated = document.get("annotated_image_path");
        item.put("annotated_url", annotated instanceof String path && path.startsWith(bucketUri)
                ? ImagesApi.PATH + path.substring(bucketUri.length()) : null);
        return item;
    }
}
