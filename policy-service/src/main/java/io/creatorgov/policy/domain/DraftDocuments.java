package io.creatorgov.policy.domain;

import io.creatorgov.policy.v1.PolicyVersion;
import java.util.List;

/** The document of a draft: how a new one starts and how an edit changes it. */
public final class DraftDocuments {
  private DraftDocuments() {}

  /**
   * A new draft's document: the copied version's change summary, base content and overlays (none
   * when {@code source} is null), each replaced by the given value when that one is set
   * (non-empty), as the contract says.
   */
  public static PolicyVersion initial(PolicyVersion given, PolicyVersion source) {
    PolicyVersion.Builder doc =
        source == null
            ? PolicyVersion.newBuilder()
            : PolicyVersion.newBuilder()
                .setChangeSummary(source.getChangeSummary())
                .setBaseContent(source.getBaseContent())
                .addAllOverlays(source.getOverlaysList());
    if (!given.getChangeSummary().isEmpty()) {
      doc.setChangeSummary(given.getChangeSummary());
    }
    if (given.hasBaseContent()) {
      doc.setBaseContent(given.getBaseContent());
    }
    if (given.getOverlaysCount() > 0) {
      doc.clearOverlays().addAllOverlays(given.getOverlaysList());
    }
    return doc.build();
  }

  /**
   * {@code before} with the fields named by {@code paths} (change_summary, base_content, overlays)
   * taken from {@code given}; an unset base content in {@code given} clears it.
   */
  public static PolicyVersion edited(
      PolicyVersion before, PolicyVersion given, List<String> paths) {
    PolicyVersion.Builder doc = before.toBuilder();
    if (paths.contains("change_summary")) {
      doc.setChangeSummary(given.getChangeSummary());
    }
    if (paths.contains("base_content")) {
      doc.clearBaseContent();
      if (given.hasBaseContent()) {
        doc.setBaseContent(given.getBaseContent());
      }
    }
    if (paths.contains("overlays")) {
      doc.clearOverlays().addAllOverlays(given.getOverlaysList());
    }
    return doc.build();
  }
}
