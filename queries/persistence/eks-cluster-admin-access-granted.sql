-- id: eks-cluster-admin-access-granted
-- title: EKS cluster-admin access policy associated with an access entry
-- severity: high
-- tactic: persistence
-- attack: T1098
-- tags: eks, kubernetes, single-event
-- description: eks:AssociateAccessPolicy with AmazonEKSClusterAdminPolicy or AmazonEKSAdminPolicy.
--   Since EKS access entries, cluster administrators can be made from the AWS API alone, without
--   touching the aws-auth ConfigMap; granting an IAM principal cluster-admin is a quiet way to
--   keep control of every workload and secret in the cluster. The details name the cluster, the
--   principal (flagged when it belongs to another account) and the scope. Denied attempts are
--   reported.
-- response: Confirm the grant with the cluster owners. If unexpected, disassociate the policy and
--   delete the access entry, then review Kubernetes audit logs for that principal.
-- false_positives: Platform teams onboarding administrators through access entries.
-- references: https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html,
--   https://docs.aws.amazon.com/eks/latest/APIReference/API_AssociateAccessPolicy.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.invokedby) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  regexp_replace(json_extract_scalar(requestparameters, '$.policyArn'), '^.*/', '')
    || ' granted on cluster ' || coalesce(json_extract_scalar(requestparameters, '$.clusterName'), '?')
    || ' to ' || coalesce(json_extract_scalar(requestparameters, '$.principalArn'), '?')
    || CASE WHEN split_part(json_extract_scalar(requestparameters, '$.principalArn'), ':', 5) <> account
            THEN ' (principal of another account)' ELSE '' END
    || coalesce(' (scope ' || json_extract_scalar(requestparameters, '$.accessScope.type') || ')', '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'eks.amazonaws.com'
  AND eventname = 'AssociateAccessPolicy'
  AND regexp_like(json_extract_scalar(requestparameters, '$.policyArn'),
                  'cluster-access-policy/(AmazonEKSClusterAdminPolicy|AmazonEKSAdminPolicy)$')
ORDER BY eventtime
