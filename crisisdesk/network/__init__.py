"""The municipal media network: the Amanah's central media department and the media offices
of its municipalities as units, routing of the public's messages to the unit whose area they
concern, unit queues with hand-offs, and the coordination board. No Qt here."""
