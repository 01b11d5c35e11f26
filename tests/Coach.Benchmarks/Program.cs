using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Coach.Benchmarks.AssessBenchmarks).Assembly).Run(args);
