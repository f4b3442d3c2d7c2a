-- id: ec2-userdata-modified-stop-start
-- title: Instance stopped, user data replaced, instance started again
-- severity: high
-- tactic: execution
-- attack: T1059.009
-- tags: ec2, user-data, sequence
-- description: On one instance, StopInstances was followed by a successful ModifyInstanceAttribute
--   that replaced the userData, and then by StartInstances, all within window_minutes. User data
--   can only be changed while the instance is stopped, and scripts in it (with a cloud-boothook or
--   a #cloud-config that reruns) execute as root on the next boot: this is a known way to get code
--   execution, or to steal the instance role, without SSH or SSM. The content is not logged
--   (<sensitiveDataRemoved>), so read it from the instance attribute.
-- response: Fetch the current user data (aws ec2 describe-instance-attribute --attribute userData),
--   compare with the launch template, and treat the instance and its role credentials as
--   compromised if it is not a known change.
-- false_positives: Rebuild procedures that update bootstrap scripts in place.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
--   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceAttribute.html
-- param: window_minutes = 60 ; longest time from the stop to the start (and from the change to the start)
WITH mods AS (
  SELECT eventtime, account, region, eventid, useridentity, sourceipaddress, useragent,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
         json_get_str(requestparameters, 'instanceId') AS instance_id
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname = 'ModifyInstanceAttribute'
    AND errorcode IS NULL
    AND (json_contains(requestparameters, 'userData')
         OR lower(coalesce(json_get_str(requestparameters, 'attribute'), '')) = 'userdata')
),
state AS (
  SELECT eventtime, account, eventname, eventid,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
         json_get_str(item, 'instanceId') AS instance_id
  FROM (
    SELECT eventtime, account, eventname, eventid, source_uri, source_index,
           unnest(json_get_array(requestparameters, 'instancesSet', 'items')) AS item
    FROM cloudtrail
    WHERE eventsource = 'ec2.amazonaws.com'
      AND eventname IN ('StopInstances', 'StartInstances')
      AND errorcode IS NULL
  ) x
),
stops AS (
  SELECT m.eventid AS mod_id, max(s.eventtime) AS stop_time
  FROM mods m
  JOIN state s
    ON s.eventname = 'StopInstances' AND s.account = m.account AND s.instance_id = m.instance_id
   AND s.eventtime <= m.eventtime AND s.eventtime >= date_add('minute', -$window_minutes, m.eventtime)
  GROUP BY m.eventid
),
starts AS (
  SELECT m.eventid AS mod_id, min(s.eventtime) AS start_time
  FROM mods m
  JOIN state s
    ON s.eventname = 'StartInstances' AND s.account = m.account AND s.instance_id = m.instance_id
   AND s.eventtime >= m.eventtime AND s.eventtime <= date_add('minute', $window_minutes, m.eventtime)
  GROUP BY m.eventid
),
seq AS (
  SELECT m.*, stops.stop_time, starts.start_time
  FROM mods m
  JOIN stops ON stops.mod_id = m.eventid
  JOIN starts ON starts.mod_id = m.eventid
)
SELECT
  q.stop_time AS eventtime,
  q.account,
  q.region,
  coalesce(q.useridentity.arn, q.useridentity.invokedby) AS principal,
  q.useridentity.accesskeyid AS accesskeyid,
  q.sourceipaddress,
  q.useragent,
  'StopInstances,ModifyInstanceAttribute,StartInstances' AS eventname,
  st.eventid || ',' || q.eventid || ',' || sa.eventid AS eventids,
  st.evidence || ',' || q.evidence || ',' || sa.evidence AS evidence,
  'instance=' || q.instance_id || ' stopped ' || CAST(q.stop_time AS VARCHAR)
    || ', userData replaced ' || CAST(q.eventtime AS VARCHAR)
    || ', started ' || CAST(q.start_time AS VARCHAR) AS details
FROM seq q
JOIN state st ON st.eventname = 'StopInstances' AND st.account = q.account AND st.instance_id = q.instance_id AND st.eventtime = q.stop_time
JOIN state sa ON sa.eventname = 'StartInstances' AND sa.account = q.account AND sa.instance_id = q.instance_id AND sa.eventtime = q.start_time
WHERE q.start_time <= date_add('minute', $window_minutes, q.stop_time)
ORDER BY q.stop_time
