-- id: s3-credential-file-read
-- title: Credential or key file fetched from S3
-- severity: medium
-- tactic: credential-access
-- attack: T1552.001
-- tags: s3, data-event, single-event
-- description: GetObject on a key whose file name looks like stored credentials: .env files, AWS
--   credentials/config, SSH private keys (id_rsa, id_ed25519...), .pem/.key/.p12/.pfx/.ppk,
--   .git-credentials, .npmrc, .pypirc, .pgpass, .netrc, .htpasswd, Docker and Kubernetes
--   configs, wp-config.php, secrets.yml/json. Buckets that hold backups or build artifacts often
--   carry such files, and attackers who can list a bucket look for them first. Needs S3 data
--   events; denied attempts are reported too. The pattern is a parameter (a regular expression
--   over the lower-cased object key).
-- response: Check who fetched the file and whether that identity should read it. Rotate the
--   credentials the file contains, delete it from the bucket (and its older versions), and look
--   for use of those credentials afterwards.
-- false_positives: Deployment jobs that deliberately pull an environment file or certificate
--   from a config bucket; add their key paths to an exception or narrow key_pattern.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
-- param: key_pattern = (^|/)(\.env(\.[a-z0-9_-]+)?|\.?credentials(\.json|\.csv)?|\.aws/config|id_(rsa|dsa|ecdsa|ed25519)|[^/]+\.(pem|key|ppk|p12|pfx|jks|keystore)|\.git-credentials|\.npmrc|\.pypirc|\.pgpass|\.netrc|\.htpasswd|\.dockercfg|\.docker/config\.json|kubeconfig|\.kube/config|wp-config\.php|secrets?\.(ya?ml|json))$ ; regular expression matched against the lower-cased object key
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  's3://' || coalesce(json_extract_scalar(requestparameters, '$.bucketName'), '?') || '/'
    || coalesce(json_extract_scalar(requestparameters, '$.key'), '?')
    || coalesce(' (' || json_extract_scalar(additionaleventdata, '$.bytesTransferredOut') || ' bytes)', '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 's3.amazonaws.com'
  AND eventname = 'GetObject'
  AND regexp_like(lower(json_extract_scalar(requestparameters, '$.key')), $key_pattern)
ORDER BY eventtime
