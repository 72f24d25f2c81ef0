/**
 * The manufacturer's Standard RMA Terms (seed/rma-terms.txt), the sentences each clause's decisions
 * rest on, quoted word for word (elisions marked …) so the screen and the slip can show them.
 */
export const CLAUSE_TEXT: Readonly<Record<number, string>> = {
  1: 'Most products can be returned for either a refund or for a replacement of the same item. Refunds are subject to a 10% restocking fee and must be requested within 30 days of receiving the item. … If you purchased from a seller that is not listed under our "Authorized Retailer" page …, you will need to contact the third party seller from whom you purchased to request a refund.',
  2: 'An item is not eligible for return after 30 days. The restocking fee is ultimately deducted from the refund amount. If the item is defective and a customer would like to return the product, Amcrest Technologies LLC will waive the restocking fee for a full refund.',
  3: 'For replacements being done after 30 days from the original purchase date, Amcrest will provide refurbished products as replacements. Note that the warranty period for a purchase does NOT restart at the time of a replacement. Warranty period is valid only from the original purchase date.',
  4: 'Please note that any used or refurbished products purchased from an authorized dealer, or direct, are subject to a 90 day warranty, no exceptions. Purchases from third party sellers not listed under our "Authorized Retailer" page … will not be provided a replacement.',
  5: 'For accessories (items other than the product), there is a warranty period of 6 months from the date of purchase.',
  6: 'All RMA returned items must be sent via traceable means. Examples would be UPS, FedEx, DHL, or US Postal Service Priority Mail.',
  7: 'RMA turnaround time is within two (2) weeks (10 business days) after receipt of returned items. … International Shipments will be sent via regional carriers on a case by case basis.',
  8: 'If a returned product is determined to be damaged or misused, it will be left to the discretion of Amcrest Technologies LLC to determine if the product is replaceable. Accidental damage or misused products will not be repaired or replaced under the product warranty. If a product is functioning properly once received and processed through our RMA procedures, the item may be returned to the customer at the customer’s expense.',
  9: 'International orders outside of the UK and Canada undergo a separate RMA process. Shipping both ways for international orders will be the responsibility of the customer requesting an RMA. … customers are responsible for customs charges including, but not limited to, brokerage, taxes, duties, and other fees.',
  10: 'Replacements are processed upon product availability. Products cannot be exchanged for different products once an RMA has been processed or received.',
  11: 'Amcrest Technologies LLC will not accept any packages without an open, valid RMA number … Only the specific items listed on the RMA will be accepted. All other items will be returned to the customer at the customer’s expense. After return shipment of a repaired/replacement part to the customer, Amcrest Technologies LLC will close the RMA.',
  12: 'Normal wear, abrasion, misuse, alteration, abuse, or taking apart of the product are not covered under warranty. … Amcrest Technologies LLC at times may offer to repair or replace a product categorized under misuse for a $45.00 fee if the product is still under the warranty period.',
  13: 'Amcrest Technologies LLC shall NOT be liable under ANY circumstances for any indirect, incidental or consequential damages or lost data.',
};
