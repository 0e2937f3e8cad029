output "alb_dns_name" {
  description = "Point the public host name (CNAME or Route 53 alias) here."
  value       = aws_lb.main.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the ALB, for a Route 53 alias record."
  value       = aws_lb.main.zone_id
}

output "ecr_repository_url" {
  description = "Push the image here (deploy workflow: ECR_REPOSITORY)."
  value       = aws_ecr_repository.app.repository_url
}

output "ecs_cluster_name" {
  value = aws_ecs_cluster.main.name
}

output "ecs_service_name" {
  value = aws_ecs_service.app.name
}

output "cluster_discovery_name" {
  description = "DNS name cluster bootstrap resolves (one A record per running task)."
  value       = local.discovery_name
}

output "log_group" {
  value = aws_cloudwatch_log_group.app.name
}

output "alarm_topic_arn" {
  value = aws_sns_topic.alarms.arn
}

output "db_endpoint" {
  value = aws_db_instance.main.address
}

output "db_secret_arn" {
  description = "Secrets Manager secret with the database credentials (JSON: username, password, host, port, dbname)."
  value       = aws_secretsmanager_secret.db.arn
}

output "app_secret_arn" {
  description = "Secrets Manager secret with OPENAI_API_KEY, ELEVARE_WEBHOOK_SECRET and the SES SMTP credentials."
  value       = aws_secretsmanager_secret.app.arn
}

output "cognito_user_pool_id" {
  value = aws_cognito_user_pool.main.id
}

output "cognito_app_client_id" {
  description = "ELEVARE_JWT_AUDIENCE: access tokens carry it as client_id."
  value       = aws_cognito_user_pool_client.web.id
}

output "jwt_issuer" {
  description = "ELEVARE_JWT_ISSUER"
  value       = local.jwt_issuer
}

output "jwks_url" {
  description = "ELEVARE_JWT_JWKS_URL"
  value       = "${local.jwt_issuer}/.well-known/jwks.json"
}

output "cognito_hosted_ui_domain" {
  value = var.cognito_domain_prefix == "" ? null : "${var.cognito_domain_prefix}.auth.${data.aws_region.current.name}.amazoncognito.com"
}

output "ses_verification_token" {
  description = "TXT value for _amazonses.<ses_domain> when route53_zone_id is empty."
  value       = aws_ses_domain_identity.main.verification_token
}

output "ses_dkim_tokens" {
  description = "CNAME <token>._domainkey.<ses_domain> -> <token>.dkim.amazonses.com, when route53_zone_id is empty."
  value       = aws_ses_domain_dkim.main.dkim_tokens
}

output "cloudfront_domain_name" {
  description = "Point public_domain here (CNAME, or a Route 53 alias with zone Z2FDTNDATAQYW2)."
  value       = aws_cloudfront_distribution.main.domain_name
}

output "cloudfront_distribution_id" {
  description = "Deploy workflow: CLOUDFRONT_DISTRIBUTION_ID."
  value       = aws_cloudfront_distribution.main.id
}

output "web_bucket" {
  description = "Deploy workflow: WEB_BUCKET (the web app's build)."
  value       = aws_s3_bucket.web.bucket
}

output "deploy_role_arn" {
  description = "Deploy workflow: secret AWS_DEPLOY_ROLE_ARN (null without github_repository)."
  value       = var.github_repository == "" ? null : aws_iam_role.deploy[0].arn
}

output "artery_tls_secret_arn" {
  description = "Put the cluster's TLS material here before the first task starts (secrets.tf)."
  value       = aws_secretsmanager_secret.artery_tls.arn
}
