"""Online legal quizzes and contests ("cuộc thi tìm hiểu pháp luật") taken in the chat:
their rules, tables, chat flow, invitations and results."""
