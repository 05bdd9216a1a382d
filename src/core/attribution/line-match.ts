/**
 * Which lines a rule or shared cost selects. Every field is a regular expression matched against the
 * whole value, ignoring case (`AWS` matches only "aws"; use `.*gpu.*` for "contains"). All given fields
 * must match. `resource` matches the resource id or the resource name.
 */
export interface LineMatch {
  provider?: string;
  billingAccount?: string;
  subAccount?: string;
  service?: string;
  serviceCategory?: string;
  region?: string;
  resource?: string;
  chargeCategory?: string;
}
