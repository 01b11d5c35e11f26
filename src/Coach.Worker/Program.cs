using Coach.Worker;

return await CoachApp.RunAsync(args);
