"""Owners (encrypted ID), dogs and vaccinations, applications with their rounds, licences, inspections and transfers."""
