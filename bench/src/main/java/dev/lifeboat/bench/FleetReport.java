package dev.lifeboat.bench;

import java.time.Duration;
import java.util.List;

/** Prints the rounds of {@link FleetBenchmark}. */
final class FleetReport {

    private FleetReport() {
    }

    static void print(List<FleetBenchmark.Round> rounds) {
        System.out.println();
        System.out.printf("%-6s %9s %14s %13s %18s %18s %16s %16s%n", "round", "databases", "all completed", "all verified",
                "slot→start p50/p99", "slot→end p50/p99", "last started", "last completed");
        for (FleetBenchmark.Round round : rounds) {
            System.out.printf("%-6s %9d %13.1fs %12.1fs %18s %18s %15.1fs %15.1fs%n", round.name(), round.databases(),
                    seconds(round.allCompleted()), seconds(round.allVerified()), pair(round.toStart()), pair(round.toEnd()),
                    seconds(percentile(round.toStart(), 1.0)), seconds(percentile(round.toEnd(), 1.0)));
        }
        for (FleetBenchmark.Round round : rounds) {
            System.out.printf("%nRound '%s':%n", round.name());
            long once = round.backupsPerDatabase().values().stream().filter(n -> n == 1).count();
            long twice = round.backupsPerDatabase().values().stream().filter(n -> n > 1).count();
            System.out.printf("  backups: %d databases with exactly one, %d with more than one, %d with none; %d requests retried, %d failed%n",
                    once, twice, round.databases() - round.backupsPerDatabase().size(), round.retried(), round.failed());
            long verifiedOnce = round.verificationsPerBackup().values().stream().filter(n -> n == 1).count();
            System.out.printf("  verifications: %d backups with exactly one VerificationPassed, %d with more, %d with none%n",
                    verifiedOnce, round.verificationsPerBackup().values().stream().filter(n -> n > 1).count(),
                    round.verificationsPerBackup().values().stream().filter(n -> n == 0).count());
            System.out.printf("  most backups running at once per server, by the queue: %s (limit 2 per server)%n",
                    FleetBenchmark.servers(round.peakRunning()));
            System.out.printf("  most databases with a backup connection at once (pg_stat_activity): %s; %d in all%n",
                    FleetBenchmark.servers(round.peakDumps()), round.peakDumpsInAll());
            System.out.printf("  each replica's share (backups taken / verified): %s%n", FleetBenchmark.servers(round.shares()));
            System.out.printf("  peak RSS MB: %s%n", FleetBenchmark.servers(round.peakRssMb()));
            System.out.printf("  largest consumer lag (records): %s%n", FleetBenchmark.servers(round.peakLag()));
        }
        System.out.println("\nslot→start: from the scheduled minute to the backup's start in the catalog (the scheduler looks every 15 s);");
        System.out.println("slot→end: to its completion; all verified: until every database has a passed verification.");
    }

    private static String pair(List<Duration> values) {
        return String.format("%.1f / %.1f s", seconds(percentile(values, 0.5)), seconds(percentile(values, 0.99)));
    }

    static Duration percentile(List<Duration> values, double fraction) {
        if (values.isEmpty()) {
            return Duration.ZERO;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(fraction * sorted.size()) - 1 < 0 ? 0
                : (int) Math.ceil(fraction * sorted.size()) - 1));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
