# Secrets Manager holds every secret the tasks read; ECS injects them as environment variables
# at task start (ecs.tf). Generated values are written through write-only arguments, so they
# never enter the Terraform state or plan.

# ---- database ------------------------------------------------------------------------------

ephemeral "aws_secretsmanager_random_password" "db" {
  password_length     = 40
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "${local.name}/db"
  description             = "ElevareAI PostgreSQL credentials (also written to RDS as the master password)"
  recovery_window_in_days = 7
}

# The same ephemeral password goes to RDS (rds.tf) and here; both are written again only when
# db_password_version changes. Running tasks keep their connections; restart the service
# (aws ecs update-service --force-new-deployment) so new tasks read the new password.
resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string_wo = jsonencode({
    username = var.db_username
    password = ephemeral.aws_secretsmanager_random_password.db.random_password
    engine   = "postgres"
    host     = aws_db_instance.main.address
    port     = aws_db_instance.main.port
    dbname   = var.db_name
  })
  secret_string_wo_version = var.db_password_version
}

# ---- application ---------------------------------------------------------------------------

resource "aws_secretsmanager_secret" "app" {
  name                    = "${local.name}/app"
  description             = "ElevareAI application secrets: OpenAI key, webhook HMAC key, SES SMTP credentials"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string_wo = jsonencode({
    OPENAI_API_KEY         = var.openai_api_key
    ELEVARE_WEBHOOK_SECRET = var.webhook_secret
    ELEVARE_SMTP_USER      = aws_iam_access_key.ses_smtp.id
    ELEVARE_SMTP_PASSWORD  = aws_iam_access_key.ses_smtp.ses_smtp_password_v4
  })
  secret_string_wo_version = var.app_secrets_version
}

# ---- TLS material, written to files at task start (ecs.tf, secrets-to-files) ---------------

# The region's RDS CA bundle (not a secret, but Secrets Manager is where the task's files come
# from, and the bundle is larger than an SSM parameter takes). The service connects with
# sslmode=verify-full against it.
data "http" "rds_ca" {
  url = local.rds_ca_url

  lifecycle {
    postcondition {
      condition     = self.status_code == 200 && strcontains(self.response_body, "BEGIN CERTIFICATE")
      error_message = "Could not fetch the RDS CA bundle from ${local.rds_ca_url}."
    }
  }
}

resource "aws_secretsmanager_secret" "db_ca" {
  name                    = "${local.name}/db-ca"
  description             = "RDS CA bundle of the region (PEM), for sslmode=verify-full"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "db_ca" {
  secret_id     = aws_secretsmanager_secret.db_ca.id
  secret_string = data.http.rds_ca.response_body
}

# Artery TLS with mutual authentication: JSON {node_key, node_crt, ca_pem} (PEM strings). Its
# value is put by an operator, never by Terraform, so the private key stays out of the state:
#   aws secretsmanager put-secret-value --secret-id elevare/artery-tls --secret-string \
#     "$(jq -n --rawfile k node.key --rawfile c node.crt --rawfile a ca.pem \
#        '{node_key:$k,node_crt:$c,ca_pem:$a}')"
# Rotation: put the new value, then force a new deployment (docs/operations.md).
resource "aws_secretsmanager_secret" "artery_tls" {
  name                    = "${local.name}/artery-tls"
  description             = "ElevareAI cluster (Artery) TLS: node key, node certificate, CA certificate (PEM)"
  recovery_window_in_days = 7
}
