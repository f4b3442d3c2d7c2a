-- id: ec2-instance-profile-associated
-- title: IAM instance profile attached to or swapped on a running instance
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1098
-- tags: ec2, passrole, single-event
-- description: AssociateIamInstanceProfile or ReplaceIamInstanceProfileAssociation gave an existing
--   instance a role. Someone who controls an instance (SSM, SSH, user data) but not a powerful role
--   can pass that role to the instance and read its credentials from the metadata service. Profiles
--   set at launch (RunInstances) are not reported. Denied attempts are included.
-- response: Check that the role belongs on that instance; if not, disassociate it, revoke the role's
--   active sessions, and review what the role did from the instance.
-- false_positives: Fixing a missing profile on an existing instance; some auto-scaling tooling.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateIamInstanceProfile.html,
--   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceIamInstanceProfileAssociation.html
WITH calls AS (
  SELECT *,
    coalesce(json_get_json(requestparameters, 'AssociateIamInstanceProfileRequest'),
             json_get_json(requestparameters, 'ReplaceIamInstanceProfileAssociationRequest'),
             requestparameters) AS req
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('AssociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation')
)
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
  'profile ' || coalesce(json_get_str(req, 'IamInstanceProfile', 'Name'), json_get_str(req, 'IamInstanceProfile', 'Arn'),
                         json_get_str(req, 'iamInstanceProfile', 'name'), json_get_str(req, 'iamInstanceProfile', 'arn'), '?')
    || ' -> ' || coalesce(json_get_str(req, 'InstanceId'), json_get_str(req, 'instanceId'),
                          'association ' || json_get_str(req, 'AssociationId'),
                          'association ' || json_get_str(req, 'associationId'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM calls
ORDER BY eventtime
