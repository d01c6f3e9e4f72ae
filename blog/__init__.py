"""What the coordination team publishes: news, campaigns with participating
businesses, digital-skills workshops with registration and waiting list,
their feeds and calendar files. Builds on `quartier` and `directory`."""
