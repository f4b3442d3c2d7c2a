-- id: sagemaker-notebook-lifecycle-config-changed
-- title: SageMaker notebook lifecycle configuration created, changed or attached
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1098
-- tags: sagemaker, passrole, single-event
-- description: A notebook lifecycle configuration is a shell script that runs as root on the
--   notebook instance at creation or start, with the instance's execution role. Creating or
--   updating one (Create/UpdateNotebookInstanceLifecycleConfig), or pointing a notebook at one
--   (UpdateNotebookInstance with LifecycleConfigName), lets the caller run code as that role. The
--   script body is hidden in CloudTrail. Denied attempts are included.
-- response: Read the script (aws sagemaker describe-notebook-instance-lifecycle-config), check which
--   notebooks use it and their roles; remove it if unplanned and review those roles' activity.
-- false_positives: Data-science platform teams maintaining start-up scripts.
-- references: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstanceLifecycleConfig.html,
--   https://docs.aws.amazon.com/sagemaker/latest/dg/notebook-lifecycle-config.html
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
  CASE WHEN eventname = 'UpdateNotebookInstance'
       THEN 'notebook ' || coalesce(json_extract_scalar(requestparameters, '$.notebookInstanceName'), '?')
            || ' now uses lifecycle config ' || json_extract_scalar(requestparameters, '$.lifecycleConfigName')
       ELSE 'lifecycle config ' || coalesce(json_extract_scalar(requestparameters, '$.notebookInstanceLifecycleConfigName'), '?')
            || CASE WHEN eventname LIKE 'Create%' THEN ' created' ELSE ' updated' END END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'sagemaker.amazonaws.com'
  AND (eventname IN ('CreateNotebookInstanceLifecycleConfig', 'UpdateNotebookInstanceLifecycleConfig')
       OR (eventname = 'UpdateNotebookInstance'
           AND json_extract_scalar(requestparameters, '$.lifecycleConfigName') IS NOT NULL))
ORDER BY eventtime
