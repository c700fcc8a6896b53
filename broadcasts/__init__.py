"""Subscribers, communes, audiences and new-law broadcasts."""
