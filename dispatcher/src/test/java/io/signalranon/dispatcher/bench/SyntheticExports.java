package io.signalranon.dispatcher.bench;

import io.signalranon.dispatcher.ingest.InputFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes large synthetic exports in the real shape of each format, for benchmarks and tests:
 * {@code users} ids, each in {@code perUser} of {@code audiences} audiences, about one row in ten an exit.
 * Deterministic for a seed. Run from the jar:
 * {@code java -cp dispatcher.jar -Dloader.main=io.signalranon.dispatcher.sample.SyntheticExports
 * org.springframework.boot.loader.launch.PropertiesLauncher FORMAT USERS AUDIENCES PER_USER OUT_DIR [gzip] [SEED]}.
 *
 * @param format    the export format
 * @param users     number of distinct ids
 * @param audiences number of audiences
 * @param perUser   audiences per id (rows per id)
 * @param gzip      write {@code .gz} files
 * @param seed      random seed
 */
public record SyntheticExports(InputFormat format, int users, int audiences, int perUser, boolean gzip, long seed) {

    private static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

    public SyntheticExports {
        Objects.requireNonNull(format, "format");
        if (users < 1 || audiences < 1 || perUser < 1 || perUser > audiences) {
            throw new IllegalArgumentException("need users >= 1, audiences >= 1 and 1 <= perUser <= audiences");
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: FORMAT USERS AUDIENCES PER_USER OUT_DIR [gzip] [SEED]");
            System.exit(2);
        }
        InputFormat format = InputFormat.fromCliName(args[0])
                .orElseThrow(() -> new IllegalArgumentException("formats: " + InputFormat.names()));
        SyntheticExports exports = new SyntheticExports(
                format,
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                args.length > 5 && args[5].equals("gzip"),
                args.length > 6 ? Long.parseLong(args[6]) : 42L);
        for (Path file : exports.writeTo(Path.of(args[4]))) {
            System.out.println(file);
        }
    }

    /** Total change rows the files hold. */
    public long rows() {
        return (long) users * perUser;
    }

    /** Writes the files into {@code dir} (created if needed) and returns them. */
    public List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        return switch (format) {
            case AEP_CSV, MPARTICLE -> perAudienceFiles(dir);
            default -> List.of(singleFile(dir));
        };
    }

    private Path singleFile(Path dir) throws IOException {
        String name = switch (format) {
            case AEP_JSON -> "Synthetic_profiles_20261121080000.json";
            case SEGMENT -> "synthetic-engage-audiences.ndjson";
            case UNOMI_CSV -> "synthetic-profiles-export.csv";
            default -> "synthetic-segment-changes.csv";
        };
        Path file = dir.resolve(gzip ? name + ".gz" : name);
        try (Writer out = writer(file)) {
            header(out);
            SplittableRandom random = new SplittableRandom(seed);
            for (int user = 0; user < users; user++) {
                int[] chosen = audiencesOf(random);
                writeUser(out, random, user, chosen);
            }
        }
        return file;
    }

    private List<Path> perAudienceFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Writer> writers = new ArrayList<>();
        try {
            for (int a = 0; a < audiences; a++) {
                String name = format == InputFormat.AEP_CSV
                        ? "Synthetic_segment" + audience(a) + "_20261121090000.csv"
                        : "Synthetic_Audience_" + (10_000 + a) + "_20261121_090000_" + uuid(a, 7) + ".txt";
                Path file = dir.resolve(gzip ? name + ".gz" : name);
                files.add(file);
                Writer out = writer(file);
                writers.add(out);
                if (format == InputFormat.AEP_CSV) {
                    out.write("ECID,segmentMembership_status,lastQualificationTime\n");
                }
            }
            SplittableRandom random = new SplittableRandom(seed);
            for (int user = 0; user < users; user++) {
                for (int a : audiencesOf(random)) {
                    boolean member = random.nextInt(10) != 0;
                    Instant time = time(random);
                    Writer out = writers.get(a);
                    if (format == InputFormat.AEP_CSV) {
                        out.write(ecid(user) + "," + (member ? "realized" : "exited") + "," + time + "\n");
                    } else {
                        out.write("{\"IsAddRequest\":" + member + ",\"IdentityValues\":{\"mpid\":\"" + mpid(user)
                                + "\"},\"MembershipChangedTimestamp\":" + time.toEpochMilli() + "}\n");
                    }
                }
            }
        } finally {
            for (Writer out : writers) {
                out.close();
            }
        }
        return files;
    }

    private void header(Writer out) throws IOException {
        if (format == InputFormat.UNOMI_CSV) {
            out.write("profileId;firstVisit;nbOfVisits;segments\n");
        } else if (format == InputFormat.CSV) {
            out.write("user_id,segment,status,timestamp\n");
        }
    }

    private void writeUser(Writer out, SplittableRandom random, int user, int[] chosen) throws IOException {
        switch (format) {
            case AEP_JSON -> {
                StringBuilder line = new StringBuilder(256)
                        .append("{\"identityMap\":{\"ECID\":[{\"id\":\"")
                        .append(ecid(user))
                        .append("\",\"primary\":true}]},\"segmentMembership\":{\"ups\":{");
                for (int i = 0; i < chosen.length; i++) {
                    line.append(i == 0 ? "\"" : ",\"")
                            .append(audience(chosen[i]))
                            .append("\":{\"status\":\"")
                            .append(random.nextInt(10) != 0 ? "realized" : "exited")
                            .append("\",\"lastQualificationTime\":\"")
                            .append(time(random))
                            .append("\"}");
                }
                out.write(line.append("}}}\n").toString());
            }
            case SEGMENT -> {
                for (int a : chosen) {
                    boolean member = random.nextInt(10) != 0;
                    String key = "audience_" + a;
                    out.write("{\"type\":\"track\",\"event\":\"Audience " + (member ? "Entered" : "Exited")
                            + "\",\"anonymousId\":\"" + uuid(user, 1) + "\",\"properties\":{\"audience_key\":\"" + key
                            + "\",\"" + key + "\":" + member + "},\"context\":{\"personas\":{\"computation_class\":"
                            + "\"audience\",\"computation_key\":\"" + key + "\"}},\"timestamp\":\"" + time(random)
                            + "\"}\n");
                }
            }
            case UNOMI_CSV -> {
                StringBuilder segments = new StringBuilder();
                for (int a : chosen) {
                    segments.append(segments.isEmpty() ? "" : ",")
                            .append("segment_")
                            .append(a);
                }
                out.write(uuid(user, 3) + ";2026-11-01T00:00:00Z;" + (1 + random.nextInt(20)) + ";\"" + segments
                        + "\"\n");
            }
            default -> {
                for (int a : chosen) {
                    out.write("user-" + user + ",segment_" + a + "," + (random.nextInt(10) != 0 ? "enter" : "exit")
                            + "," + time(random) + "\n");
                }
            }
        }
    }

    private int[] audiencesOf(SplittableRandom random) {
        int[] chosen = new int[perUser];
        int start = random.nextInt(audiences);
        for (int i = 0; i < perUser; i++) {
            chosen[i] = (start + i) % audiences;
        }
        return chosen;
    }

    private static Instant time(SplittableRandom random) {
        return BASE.plusSeconds(random.nextInt(86_400));
    }

    private static String ecid(int user) {
        return String.format(Locale.ROOT, "%038d", 10_000_000_000L * 7919 + user);
    }

    private static String mpid(int user) {
        return Long.toString(-8_765_432_109_876_543_210L + user);
    }

    private static String audience(int a) {
        return String.format(Locale.ROOT, "7a41c2e0-aaaa-bbbb-cccc-%012d", a);
    }

    private static String uuid(int n, int variant) {
        return String.format(
                Locale.ROOT, "%08x-%04x-4%03x-8%03x-%012x", n, variant, n % 4096, variant, (long) n * 31 + variant);
    }

    private static Writer writer(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }
}
