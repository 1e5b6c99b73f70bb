"""The reference deployment (nginx, replicas, PostgreSQL) and its loopback launcher."""
