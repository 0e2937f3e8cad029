# ElevareAI on AWS: three ECS Fargate tasks forming one Pekko cluster (Cloud Map DNS discovery),
# behind an ALB, on RDS PostgreSQL 15, with Cognito for sign-in, SES for mail and CloudWatch
# for logs and alarms. The pieces live in network.tf, ecs.tf, alb.tf, rds.tf, secrets.tf,
# cognito.tf, ses.tf and cloudwatch.tf; README.md says how to apply them.

terraform {
  # 1.11: write-only arguments (password_wo, secret_string_wo) keep generated secrets out of
  # the state file.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
    # Fetches the region's RDS CA bundle (rds.tf).
    http = {
      source  = "hashicorp/http"
      version = "~> 3.4"
    }
  }

  # Partial configuration: terraform init -backend-config=backend.hcl (README.md).
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Application = var.name
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  name = var.name
  azs  = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  # Cluster bootstrap looks up this name (A records, one per running task).
  discovery_name = "${var.name}.${var.discovery_namespace}"

  image = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"

  jwt_issuer = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/${aws_cognito_user_pool.main.id}"
  # verify-full: the server's certificate must chain to the RDS CA bundle (written to a file at
  # task start, ecs.tf) and name this host.
  db_url    = "jdbc:postgresql://${aws_db_instance.main.address}:${aws_db_instance.main.port}/${var.db_name}?sslmode=verify-full&sslrootcert=${local.secrets_dir}/db-ca.pem"
  smtp_host = "email-smtp.${data.aws_region.current.name}.amazonaws.com"

  public_url = var.public_url != "" ? var.public_url : "https://${var.public_domain != "" ? var.public_domain : aws_cloudfront_distribution.main.domain_name}"

  # Ports the cluster nodes use among themselves.
  artery_port     = 25520
  management_port = 8558
  http_port       = 8080

  # Probe paths (the contract with the application): the ALB checks the cheap /health on the HTTP
  # port, never the database; /ready (member Up, database, migrations) and /metrics are on the
  # management port, read by the collector sidecar.
  health_path  = "/health"
  ready_path   = "/ready"
  metrics_path = "/metrics"

  # Files written from Secrets Manager at task start by the secrets-to-files container (ecs.tf):
  # db-ca.pem (RDS CA bundle) and artery-tls/ (node key, certificate, CA as PEM files).
  secrets_dir    = "/run/elevare"
  artery_tls_dir = "${local.secrets_dir}/artery-tls"
  rds_ca_url     = "https://truststore.pki.rds.amazonaws.com/${data.aws_region.current.name}/${data.aws_region.current.name}-bundle.pem"

  # Rolling update one task beyond the desired count: ECS rounds desired * max% / 100 down, so
  # 134 % gave no room at 1 or 2 tasks. This is the smallest percentage giving at least one extra
  # task at min_count (200 % at 1, 150 % at 2, 134 % at 3); more tasks get proportionally more.
  deployment_maximum_percent = ceil(100 * (var.min_count + 1) / var.min_count)
}
