package io.signalranon.dispatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportParsersTests {

    private static final Instant FILE_TIME = Instant.parse("2026-11-23T00:00:00Z");
    private static final String ECID_1 = "14575006536349286404619648085736425115";
    private static final String ECID_2 = "66478888669296734530114754794777368480";
    private static final String AUD_1 = "7a41c2e0-aaaa-bbbb-cccc-000000000001";
    private static final String AUD_2 = "59bd0c11-aaaa-bbbb-cccc-000000000002";

    @Test
    void aepJsonGivesEveryEcidOfAProfileEveryAudience() {
        // given
        String profile = "{\"identityMap\":{\"ECID\":[{\"id\":\"" + ECID_1 + "\",\"primary\":true},{\"id\":\"" + ECID_2
                + "\"}],\"Email_LC_SHA256\":[{\"id\":\"4c1f9b1b\"}]},\"segmentMembership\":{\"ups\":{\"" + AUD_1
                + "\":{\"status\":\"realized\",\"lastQualificationTime\":\"2026-11-20T21:24:39Z\"},\"" + AUD_2
                + "\":{\"status\":\"exited\",\"lastQualificationTime\":\"2026-11-21T08:00:00.123+01:00\"}}}}";
        // when
        List<ChangeRow> rows = parse(InputFormat.AEP_JSON, "export.json", profile);
        // then
        assertThat(rows)
                .extracting(r -> r.id() + " " + r.audience() + " " + r.member() + " " + r.time())
                .containsExactly(
                        ECID_1 + " " + AUD_1 + " true 2026-11-20T21:24:39Z",
                        ECID_2 + " " + AUD_1 + " true 2026-11-20T21:24:39Z",
                        ECID_1 + " " + AUD_2 + " false 2026-11-21T07:00:00.123Z",
                        ECID_2 + " " + AUD_2 + " false 2026-11-21T07:00:00.123Z");
    }

    @Test
    void aepJsonMatchesTheNamespaceInAnyCase() {
        // given
        String lower = "{\"identityMap\":{\"ecid\":[{\"id\":\"" + ECID_1 + "\"}]},\"segmentMembership\":{\"ups\":{\""
                + AUD_1 + "\":{\"status\":\"existing\",\"lastQualificationTime\":\"2026-11-20T21:24:39Z\"}}}}";
        // when
        List<ChangeRow> rows = parse(InputFormat.AEP_JSON, "export.json", lower);
        // then
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(ECID_1));
    }

    @Test
    void aepJsonRejectsProfilesWithoutTheNamespaceOrWithAnUnknownStatus() {
        // given
        String noEcid = "{\"identityMap\":{\"Email\":[{\"id\":\"x\"}]},\"segmentMembership\":{\"ups\":{}}}";
        String badStatus = "{\"identityMap\":{\"ECID\":[{\"id\":\"1\"}]},\"segmentMembership\":{\"ups\":{\"a\":"
                + "{\"status\":\"qualified\",\"lastQualificationTime\":\"2026-11-20T21:24:39Z\"}}}}";
        // when / then
        assertReason(InputFormat.AEP_JSON, "export.json", noEcid, SkipReason.MISSING_ID);
        assertReason(InputFormat.AEP_JSON, "export.json", badStatus, SkipReason.UNKNOWN_STATUS);
        assertReason(InputFormat.AEP_JSON, "export.json", "{\"identityMap\":", SkipReason.BAD_JSON);
        assertReason(InputFormat.AEP_JSON, "export.json", "[1,2]", SkipReason.BAD_JSON);
    }

    @Test
    void aepCsvWithoutStatusIsASnapshotOfTheAudienceInItsName() {
        // given
        String name = "AcmeWebOffers_segment" + AUD_1 + "_20261121090000.csv";
        ExportParser parser = parser(InputFormat.AEP_CSV, name);
        // when
        List<ChangeRow> rows = lines(parser, "ECID,personalEmail_address_sha256", ECID_1 + ",4c1f", ECID_2 + ",");
        // then
        assertThat(parser.origin().snapshot()).isTrue();
        assertThat(parser.audienceFromName()).isEqualTo(AUD_1);
        assertThat(parser.snapshotTime()).isEqualTo(Instant.parse("2026-11-21T09:00:00Z"));
        assertThat(rows).extracting(ChangeRow::id).containsExactly(ECID_1, ECID_2);
        assertThat(rows).allSatisfy(r -> assertThat(r.member()).isTrue());
    }

    @Test
    void aepCsvWithAStatusColumnListsChanges() {
        // given
        ExportParser parser = parser(InputFormat.AEP_CSV, "Dest_segment" + AUD_2 + "_20261121090000.csv");
        // when
        List<ChangeRow> rows = lines(
                parser,
                "identityMap_ECID,segmentMembership_ups_Status,segmentMembership_ups_lastQualificationTime",
                ECID_1 + ",exited,2026-11-21T08:00:00Z",
                ECID_2 + ",REALIZED,2026-11-21T08:30:00Z");
        // then
        assertThat(parser.origin().snapshot()).isFalse();
        assertThat(rows)
                .extracting(r -> r.audience() + " " + r.member() + " " + r.time())
                .containsExactly(AUD_2 + " false 2026-11-21T08:00:00Z", AUD_2 + " true 2026-11-21T08:30:00Z");
    }

    @Test
    void aepCsvWithoutAnAudienceCannotBeRead() {
        // given
        ExportParser parser = parser(InputFormat.AEP_CSV, "export.csv");
        // when / then
        assertThatThrownBy(() -> parser.parse("ECID", 1))
                .isInstanceOf(InputFileException.class)
                .hasMessageContaining("segment_id");
    }

    @Test
    void segmentReadsIdentifyAndTrackFromOneFile() {
        // given
        ExportParser parser = parser(InputFormat.SEGMENT, "engage.ndjson");
        // when
        List<ChangeRow> rows = lines(
                parser,
                "{\"type\":\"identify\",\"anonymousId\":\"3f2b6c1e\",\"traits\":{\"cart_abandoners\":true},"
                        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":"
                        + "\"cart_abandoners\"}},\"timestamp\":\"2026-11-20T09:00:00Z\"}",
                "{\"type\":\"page\",\"anonymousId\":\"3f2b6c1e\",\"timestamp\":\"2026-11-20T09:01:00Z\"}",
                "{\"type\":\"track\",\"event\":\"Audience Exited\",\"anonymousId\":\"3f2b6c1e\",\"properties\":"
                        + "{\"audience_key\":\"cart_abandoners\",\"cart_abandoners\":false},\"context\":{\"personas\":"
                        + "{\"computation_key\":\"cart_abandoners\"}},\"timestamp\":\"2026-11-21T10:00:00Z\"}");
        // then
        assertThat(rows)
                .extracting(r -> r.id() + " " + r.audience() + " " + r.member() + " " + r.line())
                .containsExactly("3f2b6c1e cart_abandoners true 1", "3f2b6c1e cart_abandoners false 3");
    }

    @Test
    void segmentCanUseUserId() {
        // given
        IngestProperties settings = new IngestProperties(10, 10, "ECID", "", "userId", "mpid");
        ExportParser parser = new ExportParsers(settings).create(origin(InputFormat.SEGMENT, "e.ndjson"), FILE_TIME);
        // when
        List<ChangeRow> rows = parser.parse(
                "{\"type\":\"track\",\"event\":\"Audience Entered\",\"anonymousId\":\"anon\","
                        + "\"userId\":\"u-1\",\"properties\":{\"audience_key\":\"vip\"},\"timestamp\":\"2026-11-20T09:00:00Z\"}",
                1);
        // then
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("u-1"));
    }

    @Test
    void mparticleReadsARemovalAndTakesTheAudienceFromTheRightOfTheName() {
        // given
        ExportParser parser = parser(
                InputFormat.MPARTICLE,
                "Cart_Abandoners_Web_12345_20261122_080000_3f1c2a9e-7b7d-4d8e-9a51-0c2d4e6f8a10.txt.gz");
        // when
        List<ChangeRow> rows = lines(
                parser,
                "{\"IsAddRequest\":false,\"IdentityValues\":{\"customer_id\":\"c-42\",\"mpid\":\"-8765432109876543210\"},"
                        + "\"MembershipChangedTimestamp\":1763719200000}",
                "{\"IsAddRequest\":true,\"IdentityValues\":{\"mpid\":4611686018427387904},"
                        + "\"MembershipChangedTimestamp\":1763719260000}");
        // then
        assertThat(rows)
                .extracting(r -> r.id() + " " + r.audience() + " " + r.member() + " " + r.time())
                .containsExactly(
                        "-8765432109876543210 12345 false 2025-11-21T10:00:00Z",
                        "4611686018427387904 12345 true 2025-11-21T10:01:00Z");
        assertReason(
                InputFormat.MPARTICLE,
                "A_1_20261122_080000_g.txt",
                "{\"IsAddRequest\":true,\"IdentityValues\":{\"customer_id\":\"c-77\"},\"MembershipChangedTimestamp\":1}",
                SkipReason.MISSING_ID);
        assertReason(
                InputFormat.MPARTICLE,
                "A_1_20261122_080000_g.txt",
                "{\"IsAddRequest\":true,\"IdentityValues\":{\"mpid\":\"1\"},\"MembershipChangedTimestamp\":\"soon\"}",
                SkipReason.BAD_TIMESTAMP);
    }

    @Test
    void unomiReadsAQuotedSegmentListAsASnapshot() {
        // given
        ExportParser parser = parser(InputFormat.UNOMI_CSV, "profiles.csv");
        // when
        List<ChangeRow> rows = lines(
                parser,
                "profileId;firstVisit;nbOfVisits;segments",
                "f7d1a3c0-5a8e-4a61-9f0e-2b7c9d4e6a10;2026-10-30T21:18:12Z;2;\"leads,cart_abandoners\"",
                "b2c3d4e5;2026-11-02T08:00:00Z;7;",
                "c6d1e2f3;2026-11-15T19:20:00Z;1;\"say \"\"hi\"\";x\"");
        // then
        assertThat(parser.origin().snapshot()).isTrue();
        assertThat(parser.snapshotTime()).isEqualTo(FILE_TIME);
        assertThat(rows)
                .extracting(r -> r.id() + " " + r.audience())
                .containsExactly(
                        "f7d1a3c0-5a8e-4a61-9f0e-2b7c9d4e6a10 leads",
                        "f7d1a3c0-5a8e-4a61-9f0e-2b7c9d4e6a10 cart_abandoners",
                        "b2c3d4e5 ",
                        "c6d1e2f3 say \"hi\";x");
        assertThat(rows.get(2).listedOnly())
                .as("a profile with no segment is listed")
                .isTrue();
    }

    @Test
    void plainCsvWithStatusListsChangesAndWithoutIsASnapshot() {
        // given
        ExportParser changes = parser(InputFormat.CSV, "changes.csv");
        ExportParser snapshot = parser(InputFormat.CSV, "members.csv");
        // when
        List<ChangeRow> changed = lines(
                changes,
                "user_id,segment,status,timestamp",
                "u1,vip,ENTER,2026-11-22T09:10:00Z",
                "u1,vip,exit,2026-11-22T09:10:00Z");
        List<ChangeRow> members = lines(snapshot, "user_id,segment", "u1,vip", "u2,vip");
        // then
        assertThat(changes.origin().snapshot()).isFalse();
        assertThat(changed).extracting(ChangeRow::member).containsExactly(true, false);
        assertThat(snapshot.origin().snapshot()).isTrue();
        assertThat(members)
                .extracting(r -> r.id() + " " + r.time())
                .containsExactly("u1 " + FILE_TIME, "u2 " + FILE_TIME);
    }

    @Test
    void malformedCsvRowsAreRejectedWithTheirReason() {
        // given
        String header = "user_id,segment,status,timestamp";
        // when / then
        assertCsvReason(header, "u1,vip,maybe,2026-11-22T09:10:00Z", SkipReason.UNKNOWN_STATUS);
        assertCsvReason(header, "u1,vip,enter,22/11/2026", SkipReason.BAD_TIMESTAMP);
        assertCsvReason(header, "u1,vip,enter,2026-02-30T00:00:00Z", SkipReason.BAD_TIMESTAMP);
        assertCsvReason(header, ",vip,enter,2026-11-22T09:10:00Z", SkipReason.MISSING_ID);
        assertCsvReason(header, "x".repeat(129) + ",vip,enter,2026-11-22T09:10:00Z", SkipReason.ID_TOO_LONG);
        assertCsvReason(header, "web-1457\u200b5006,vip,enter,2026-11-22T09:10:00Z", SkipReason.BAD_VISITOR_ID);
        assertCsvReason(header, "web 14575006,vip,enter,2026-11-22T09:10:00Z", SkipReason.BAD_VISITOR_ID);
        assertCsvReason(header, "web/14575006,vip,enter,2026-11-22T09:10:00Z", SkipReason.BAD_VISITOR_ID);
        assertCsvReason(header, "u\u00011,vip,enter,2026-11-22T09:10:00Z", SkipReason.CONTROL_CHARACTERS);
        assertCsvReason(header, "u1,vip,enter", SkipReason.BAD_CSV);
        assertCsvReason(header, "\"u1,vip,enter,2026-11-22T09:10:00Z", SkipReason.BAD_CSV);
    }

    @Test
    void anIdOf128CharactersIsAccepted() {
        // given
        ExportParser parser = parser(InputFormat.CSV, "changes.csv");
        // when
        List<ChangeRow> rows = lines(parser, "user_id,segment", "x".repeat(128) + ",vip");
        // then
        assertThat(rows).hasSize(1);
    }

    @Test
    void controlCharactersInJsonStringsAreRejected() {
        // when / then
        assertReason(
                InputFormat.SEGMENT,
                "e.ndjson",
                "{\"type\":\"track\",\"event\":\"Audience Entered\","
                        + "\"anonymousId\":\"a\\u0000b\",\"properties\":{\"audience_key\":\"vip\"},"
                        + "\"timestamp\":\"2026-11-20T09:00:00Z\"}",
                SkipReason.CONTROL_CHARACTERS);
    }

    private static void assertCsvReason(String header, String line, SkipReason reason) {
        ExportParser parser = parser(InputFormat.CSV, "changes.csv");
        parser.parse(header, 1);
        assertThatThrownBy(() -> parser.parse(line, 2)).isInstanceOfSatisfying(MalformedRowException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.origin().file()).isEqualTo("changes.csv");
        });
    }

    private static void assertReason(InputFormat format, String file, String line, SkipReason reason) {
        assertThatThrownBy(() -> parser(format, file).parse(line, 7))
                .isInstanceOfSatisfying(
                        MalformedRowException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static List<ChangeRow> parse(InputFormat format, String file, String line) {
        return parser(format, file).parse(line, 1);
    }

    private static List<ChangeRow> lines(ExportParser parser, String... lines) {
        List<ChangeRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            rows.addAll(parser.parse(lines[i], i + 1));
        }
        return rows;
    }

    private static ExportParser parser(InputFormat format, String file) {
        return new ExportParsers(IngestProperties.defaults()).create(origin(format, file), FILE_TIME);
    }

    private static RowOrigin origin(InputFormat format, String file) {
        return new RowOrigin(0, 0, format, file, false);
    }
}
