package dev.lifeboat.verifier.copy;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.copy.CopySettings;
import dev.lifeboat.archive.copy.SecondBucket;
import dev.lifeboat.archive.upload.OpenUpload;
import dev.lifeboat.changes.segment.ChangeArchiveLayout;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The second bucket's own retention: a copy is deleted once a whole day has passed since its day folder (the day its
 * backup started) fell out of {@code lifeboat.copy.keep} (default 90 days), but never one of a database's newest day of
 * copies, so each database keeps at least its newest copy whatever its age. The primary's retention and deletions never
 * touch the copies. Each database's change archive in the second bucket is then kept to what its kept backup copies can
 * start from ({@link ChangeCopyRetention}). Last, an upload to the second bucket left open for longer than
 * {@code lifeboat.copy.abandoned-uploads-after} (a copy whose verifier died, or whose abort the bucket did not take) is
 * aborted: the primary's sweep never sees the second bucket.
 */
@ApplicationScoped
public class CopyRetention {

    private static final Logger LOG = Logger.getLogger(CopyRetention.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    /** The shortest {@code lifeboat.copy.keep}: a day, the granularity of the day folders. */
    static final Duration SHORTEST_KEEP = Duration.ofDays(1);

    private final SecondBucket second;
    private final Duration keep;
    private final Duration abandonedAfter;
    private final Clock clock;

    public CopyRetention(SecondBucket second, CopySettings settings, Clock clock) {
        if (settings.bucket().isPresent() && settings.keep().compareTo(SHORTEST_KEEP) < 0) {
            throw new IllegalArgumentException("lifeboat.copy.keep must be at least " + SHORTEST_KEEP + " (a copy kept less than a day "
                    + "keeps nothing a day folder can tell apart), not " + settings.keep());
        }
        this.second = second;
        this.keep = settings.keep();
        this.abandonedAfter = settings.abandonedUploadsAfter();
        this.clock = clock;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.copy-retention:1h}", delayed = "${lifeboat.tasks.copy-retention-delay:15m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() throws IOException {
        runOnce();
    }

    /** One sweep of the second bucket (blocking): the folders of the copies deleted. */
    public List<String> runOnce() throws IOException {
        if (second.objects().isEmpty()) {
            return List.of();
        }
        BucketObjects copies = second.objects().get();
        Instant cutoff = clock.instant().minus(keep);
        List<String> manifestKeys = copies.allManifestKeys();
        List<String> folders = expired(manifestKeys, cutoff);
        for (String folder : folders) {
            copies.deleteFolder(folder);
            LOG.infof("Deleted the second bucket's copy %s: older than lifeboat.copy.keep (%s)", folder, keep);
        }
        Map<String, List<String>> kept = manifestKeys.stream().filter(key -> !folders.contains(ArchiveLayout.folderOf(key)))
                .filter(key -> ArchiveLayout.databaseIdOf(key).isPresent())
                .collect(Collectors.groupingBy(key -> ArchiveLayout.databaseIdOf(key).orElseThrow()));
        for (Map.Entry<String, List<String>> database : kept.entrySet()) {
            int retired = ChangeCopyRetention.sweep(copies, database.getKey(), database.getValue(), cutoff);
            if (retired > 0) {
                LOG.infof("Retired %d change segments of %s from the second bucket: before the backup copy its kept seconds start from",
                        retired, database.getKey());
            }
        }
        abortAbandonedUploads();
        return folders;
    }

    private void abortAbandonedUploads() throws IOException {
        Instant before = clock.instant().minus(abandonedAfter);
        List<OpenUpload> open = new ArrayList<>(second.uploads().openUploads(ArchiveLayout.ROOT));
        open.addAll(second.uploads().openUploads(ChangeArchiveLayout.ROOT)); // Lifeboat's own: a shared bucket's others are not
        for (OpenUpload upload : open) {
            if (upload.initiated() != null && upload.initiated().isBefore(before) && second.uploads().abort(upload)) {
                LOG.infof("Aborted the second bucket's upload of %s, begun %s: open longer than lifeboat.copy.abandoned-uploads-after (%s)",
                        upload.key(), upload.initiated(), abandonedAfter);
            }
        }
    }

    /**
     * The folders of the copies to delete: of a day that ended at or before {@code cutoff}, and not of their database's
     * newest day.
     *
     * @param manifestKeys the second bucket's manifest keys
     */
    static List<String> expired(List<String> manifestKeys, Instant cutoff) {
        Map<String, List<String>> byDatabase = manifestKeys.stream().filter(key -> ArchiveLayout.databaseIdOf(key).isPresent())
                .collect(Collectors.groupingBy(key -> ArchiveLayout.databaseIdOf(key).orElseThrow()));
        List<String> folders = new ArrayList<>();
        byDatabase.forEach((databaseId, keys) -> {
            String newestDay = keys.stream().map(key -> ArchiveLayout.dayOf(key, databaseId)).max(Comparator.naturalOrder()).orElseThrow();
            for (String key : new TreeSet<>(keys)) {
                String day = ArchiveLayout.dayOf(key, databaseId);
                Instant dayEnds = LocalDate.parse(day, DAY).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (!day.equals(newestDay) && !dayEnds.isAfter(cutoff)) {
                    folders.add(ArchiveLayout.folderOf(key));
                }
            }
        });
        return folders;
    }
}
