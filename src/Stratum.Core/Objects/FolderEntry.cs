namespace Stratum.Objects;

/// <summary>
/// One entry directly under a folder of the object store (<see cref="IObjectStore.ListFolderAsync"/>):
/// a sub-folder (a name that has keys beneath it) or a file directly in the folder.
/// <see cref="Name"/> is the entry's own name, without the folder's prefix or a trailing '/'.
/// </summary>
public sealed record FolderEntry(string Name, bool IsFolder);
