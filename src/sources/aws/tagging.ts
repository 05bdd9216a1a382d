/** IAM actions the tag coverage report calls. */
export const TAGGING_PERMISSIONS = ['tag:GetResources'] as const;
