namespace Stratum.Hosting.Doctor;

/// <summary>One check of <c>stratum doctor</c>: which adapter, what was tried, whether it worked, what was seen, and what to do when it did not.</summary>
public sealed record DoctorCheck(string Component, string Check, bool Ok, string Detail, string? Fix);
