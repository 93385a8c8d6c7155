package io.creatorgov.creator.domain;

/**
 * A creator's tax profile; rules in {@link TaxIds}.
 *
 * @param taxId the identifier as submitted; never stored (empty once masked)
 * @param taxIdMasked the identifier as stored and shown ({@link TaxIds#mask})
 * @param taxResidenceMarket empty: the home market
 */
public record TaxProfile(
    String scheme, String taxId, String taxIdMasked, String legalName, String taxResidenceMarket) {

  /** The profile as stored: the identifier replaced by its masked form. */
  public TaxProfile masked() {
    return new TaxProfile(scheme, "", TaxIds.mask(taxId), legalName, taxResidenceMarket);
  }
}
