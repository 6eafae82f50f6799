package dev.lifeboat.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;

/**
 * {@code deleted.json} beside a deleted backup's manifest ({@link ArchiveLayout#DELETED}): the backup's objects are kept
 * until {@code purgeAfter}, and it can be undeleted until then; readers that list backups pass it over, and a catalog
 * rebuilt from the bucket knows it as deleted.
 *
 * @param deletedBy who deleted it (a person, or {@code retention})
 * @param reason    why: a delete call, or the retention policy that expired it
 */
public record DeletionMarker(Instant deletedAt, Instant purgeAfter, String deletedBy, String reason) {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public String json() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a deletion marker always serializes", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a deletion marker */
    public static DeletionMarker read(String json) {
        try {
            DeletionMarker marker = MAPPER.readValue(json, DeletionMarker.class);
            if (marker == null || marker.deletedAt() == null || marker.purgeAfter() == null) {
                throw new IllegalArgumentException("not a Lifeboat deletion marker: it lacks deletedAt or purgeAfter");
            }
            return marker;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Lifeboat deletion marker: " + e.getOriginalMessage(), e);
        }
    }
}
