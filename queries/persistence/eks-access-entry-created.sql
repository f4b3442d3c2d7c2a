-- id: eks-access-entry-created
-- title: EKS access entry created for an IAM principal
-- severity: medium
-- tactic: persistence
-- attack: T1098
-- tags: eks, kubernetes, single-event
-- description: eks:CreateAccessEntry gives an IAM user or role an identity inside a cluster. Its
--   kubernetesGroups (system:masters among them) or a later access policy decide what it may do.
--   An intruder adds an entry for a role they control, often in another account, to come back
--   into the cluster after losing their first foothold. The details show the principal (flagged
--   when foreign) and the groups. Denied attempts are reported.
-- response: Confirm the entry with the cluster owners; delete unknown entries and review the
--   Kubernetes audit log for the principal.
-- false_positives: Node groups, Fargate profiles and platform automation create entries routinely;
--   those show their type (EC2_LINUX, FARGATE_LINUX) in the details.
-- references: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html,
--   https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html
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
  'access entry on cluster ' || coalesce(json_extract_scalar(requestparameters, '$.clusterName'), '?')
    || ' for ' || coalesce(json_extract_scalar(requestparameters, '$.principalArn'), '?')
    || CASE WHEN split_part(json_extract_scalar(requestparameters, '$.principalArn'), ':', 5) <> account
            THEN ' (principal of another account)' ELSE '' END
    || coalesce(' type ' || json_extract_scalar(requestparameters, '$.type'), '')
    || coalesce(' groups ' || json_extract(requestparameters, '$.kubernetesGroups'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'eks.amazonaws.com'
  AND eventname = 'CreateAccessEntry'
ORDER BY eventtime
