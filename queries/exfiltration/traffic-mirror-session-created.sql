-- id: traffic-mirror-session-created
-- title: VPC traffic mirroring session or target created
-- severity: medium
-- tactic: exfiltration
-- attack: T1020.001
-- tags: ec2, vpc, traffic-mirroring, single-event
-- description: CreateTrafficMirrorSession, CreateTrafficMirrorTarget or ModifyTrafficMirrorSession
--   was called. A mirror session copies every packet of a network interface to a target that the
--   caller chooses, which can capture credentials and data in transit. Denied attempts are reported
--   too.
-- response: Identify the source interface and the target (an ENI, NLB or Gateway Load Balancer
--   endpoint, possibly in another account); delete the session if it is not a sanctioned monitoring
--   setup.
-- false_positives: Network monitoring and IDS appliances.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTrafficMirrorSession.html
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
  CASE eventname
    WHEN 'CreateTrafficMirrorTarget' THEN
      'new target ' || coalesce('eni=' || json_get_str(requestparameters, 'CreateTrafficMirrorTargetRequest', 'NetworkInterfaceId'),
                                'nlb=' || json_get_str(requestparameters, 'CreateTrafficMirrorTargetRequest', 'NetworkLoadBalancerArn'),
                                'gwlbe=' || json_get_str(requestparameters, 'CreateTrafficMirrorTargetRequest', 'GatewayLoadBalancerEndpointId'), '?')
    WHEN 'CreateTrafficMirrorSession' THEN
      'mirror ' || coalesce(json_get_str(requestparameters, 'CreateTrafficMirrorSessionRequest', 'NetworkInterfaceId'), '?')
        || ' to target ' || coalesce(json_get_str(requestparameters, 'CreateTrafficMirrorSessionRequest', 'TrafficMirrorTargetId'), '?')
    ELSE
      'session ' || coalesce(json_get_str(requestparameters, 'ModifyTrafficMirrorSessionRequest', 'TrafficMirrorSessionId'), '?')
        || ' target now ' || coalesce(json_get_str(requestparameters, 'ModifyTrafficMirrorSessionRequest', 'TrafficMirrorTargetId'), '(unchanged)')
  END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname IN ('CreateTrafficMirrorSession', 'CreateTrafficMirrorTarget', 'ModifyTrafficMirrorSession')
ORDER BY eventtime
