package io.creatorgov.creator.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creatorgov.kit.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V7 rewrites rows stored with the contract's enum names (before the domain vocabulary) to the
 * domain's short names, so existing data survives the change; its CHECK constraints then keep other
 * values out. Runs the real migrations on a database of its own.
 */
class VocabularyMigrationTest {
  private static String url;
  private static String user;
  private static String password;

  @BeforeAll
  static void migrateOldRowsToTheNewVocabulary() throws SQLException {
    PostgresTestDatabase db = new PostgresTestDatabase();
    db.init(Map.of("database", "creatorgov_creator_migration_test"));
    Map<String, String> config = db.start();
    url = config.get("quarkus.datasource.jdbc.url");
    user = config.get("quarkus.datasource.username");
    password = config.get("quarkus.datasource.password");

    flyway("6").clean();
    flyway("6").migrate();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "insert into creator (creator_id, market, handle, display_name, status,"
              + " status_change_time, tier, registered, last_change, create_time, update_time,"
              + " suspension_end_time) values"
              + " ('cr_1', 'VN', 'lan', 'Lan', 'CREATOR_STATUS_SUSPENDED', now(),"
              + " 'CREATOR_TIER_GOLD', '\\x00', '\\x00', now(), now(), now()),"
              + " ('cr_2', 'VN', 'minh', 'Minh', 'CREATOR_STATUS_APPLIED', now(),"
              + " 'CREATOR_TIER_UNSPECIFIED', '\\x00', '\\x00', now(), now(), null)");
      s.execute(
          "insert into status_history (entry_id, creator_id, kind, from_status, to_status,"
              + " changed, occurred_at, creator_sequence, reversal_basis) values"
              + " ('sh_1', 'cr_1', 'STATUS_CHANGE_KIND_REGISTERED', 'CREATOR_STATUS_UNSPECIFIED',"
              + " 'CREATOR_STATUS_APPLIED', '\\x00', now(), 1, ''),"
              + " ('sh_2', 'cr_1', 'STATUS_CHANGE_KIND_UNBANNED', 'CREATOR_STATUS_BANNED',"
              + " 'CREATOR_STATUS_ACTIVE', '\\x00', now(), 2, 'REVERSAL_BASIS_COURT_ORDER')");
      s.execute(
          "insert into restriction (restriction_id, creator_id, market, type,"
              + " enforcement_action_id, start_time, state, applied, create_time, update_time)"
              + " values ('rs_1', 'cr_1', 'VN', 'RESTRICTION_TYPE_COMMISSION_FROZEN', 'act-1',"
              + " now(), 'ACTIVE', '\\x00', now(), now())");
      s.execute(
          "insert into onboarding_submission (id, creator_id, kind, payload, submitted,"
              + " submit_time) values (1, 'cr_1', 'ONBOARDING_ITEM_KIND_TAX_PROFILE', '\\x00',"
              + " '\\x00', now())");
      s.execute(
          "insert into creator_event (event_id, creator_id, market, event_type, payload,"
              + " occurred_at) values ('ev_1', 'cr_1', 'VN', 'CREATOR_EVENT_TYPE_TIER_CHANGED',"
              + " '\\x00', now())");
    }
    flyway("latest").migrate();
  }

  @Test
  void creatorsKeepTheirStatusAndTierUnderTheShortNames() throws SQLException {
    assertThat(rows("select creator_id || ' ' || status || ' ' || tier from creator order by 1"))
        .containsExactly("cr_1 SUSPENDED GOLD", "cr_2 APPLIED NONE");
  }

  @Test
  void historyEntriesKeepKindStatusesAndReversalBasis() throws SQLException {
    assertThat(
            rows(
                "select entry_id || ' ' || kind || ' ' || coalesce(from_status, '-') || ' '"
                    + " || to_status || ' ' || coalesce(reversal_basis, '-')"
                    + " from status_history order by 1"))
        .containsExactly("sh_1 REGISTERED - APPLIED -", "sh_2 UNBANNED BANNED ACTIVE COURT_ORDER");
  }

  @Test
  void restrictionsSubmissionsAndEventsKeepTheirKinds() throws SQLException {
    assertThat(rows("select type || ' ' || state from restriction"))
        .containsExactly("COMMISSION_FROZEN ACTIVE");
    assertThat(rows("select kind from onboarding_submission")).containsExactly("TAX_PROFILE");
    assertThat(rows("select event_type from creator_event")).containsExactly("TIER_CHANGED");
  }

  @Test
  void theSuspensionExpiryIndexFollowsTheNewStatusName() throws SQLException {
    assertThat(
            rows("select indexdef from pg_indexes where indexname = 'creator_suspension_due_idx'"))
        .singleElement()
        .asString()
        .contains("'SUSPENDED'")
        .doesNotContain("CREATOR_STATUS_");
  }

  @Test
  void aContractNameCanNoLongerBeStored() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  s.execute(
                      "update creator set status = 'CREATOR_STATUS_ACTIVE'"
                          + " where creator_id = 'cr_2'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("creator_status_check");
    }
  }

  private static Flyway flyway(String target) {
    return Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .cleanDisabled(false)
        .target(target)
        .load();
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
