package io.creatorgov.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.CommissionCaps;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.PolicyContent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  private static PolicyContent caps(int defaultMaxRateBps, CategoryCommissionCap... caps) {
    return PolicyContent.newBuilder()
        .setCommissionCaps(
            CommissionCaps.newBuilder()
                .addAllCategoryCaps(java.util.List.of(caps))
                .setDefaultMaxRateBps(defaultMaxRateBps))
        .build();
  }

  private static CategoryCommissionCap cap(String category, int maxRateBps) {
    return CategoryCommissionCap.newBuilder()
        .setCategory(category)
        .setMaxRateBps(maxRateBps)
        .build();
  }

  private static String sha256Hex(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void hashIsLowerCaseHexSha256OfTheProtobufBytes() throws NoSuchAlgorithmException {
    // commission_caps (field 5, length 3) { default_max_rate_bps (field 2) = 1000 }
    byte[] expectedBytes = {0x2a, 0x03, 0x10, (byte) 0xe8, 0x07};

    String hash = ContentHash.sha256Hex(caps(1000));

    assertThat(hash).isEqualTo(sha256Hex(expectedBytes)).matches("[0-9a-f]{64}");
  }

  @Test
  void contentWithoutBranchHashesTheEmptyByteString() {
    assertThat(ContentHash.sha256Hex(PolicyContent.getDefaultInstance()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void equalContentBuiltSeparatelyHasAnEqualHash() {
    assertThat(ContentHash.sha256Hex(caps(1000, cap("beauty", 1500), cap("fashion", 800))))
        .isEqualTo(ContentHash.sha256Hex(caps(1000, cap("beauty", 1500), cap("fashion", 800))));
  }

  @Test
  void oneChangedFieldChangesTheHash() {
    assertThat(ContentHash.sha256Hex(caps(1000, cap("beauty", 1500))))
        .isNotEqualTo(ContentHash.sha256Hex(caps(1000, cap("beauty", 1501))));
  }

  @Test
  void mergingTheSameInputsTwiceGivesTheSameHash() {
    PolicyContent base = caps(1000, cap("fashion", 800), cap("beauty", 1500), cap("toys", 600));
    MarketOverlay overlay =
        MarketOverlay.newBuilder()
            .setMarket("VN")
            .setContent(caps(1200, cap("electronics", 500), cap("beauty", 2000)))
            .addRemovedKeys("toys")
            .build();

    String first = ContentHash.sha256Hex(OverlayMerger.merge(base, overlay));
    String second = ContentHash.sha256Hex(OverlayMerger.merge(base, overlay));

    assertThat(second).isEqualTo(first);
    assertThat(first)
        .isEqualTo(
            ContentHash.sha256Hex(
                caps(1200, cap("beauty", 2000), cap("electronics", 500), cap("fashion", 800))));
  }

  @Test
  void unknownFieldsAreNotPartOfTheHash() throws InvalidProtocolBufferException {
    PolicyContent known = caps(1000, cap("beauty", 1500));
    CategoryCommissionCap capWithUnknown =
        cap("beauty", 1500).toBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                    .build())
            .build();
    PolicyContent withUnknown = PolicyContent.parseFrom(caps(1000, capWithUnknown).toByteString());

    assertThat(withUnknown).isNotEqualTo(known);
    assertThat(ContentHash.sha256Hex(withUnknown)).isEqualTo(ContentHash.sha256Hex(known));
  }
}
