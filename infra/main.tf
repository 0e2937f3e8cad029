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

  image       = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
  app_version = coalesce(var.app_version, var.image_tag)

  jwt_issuer = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/${aws_cognito_user_pool.main.id}"
  db_url     = "jdbc:postgresql://${aws_db_instance.main.address}:${aws_db_instance.main.port}/${var.db_name}?sslmode=require"
  smtp_host  = "email-smtp.${data.aws_region.current.name}.amazonaws.com"

  # Ports the cluster nodes use among themselves.
  artery_port     = 25520
  management_port = 8558
  http_port       = 8080
}
