using System;
using System.ComponentModel;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GeminiTuning.Emulator.Auth;

/// <summary>
/// Creates a new file that only the current user can read or write, atomically: the permissions are the file's from
/// the moment it exists, so no other user can open it in between. Used for the emulator's service account keys, which
/// hold a private key.
/// </summary>
/// <remarks>
/// On Linux and macOS the file is created with mode 0600 (owner read/write), through FileStreamOptions.UnixCreateMode,
/// which every runtime PowerShell 7.4+ runs on has (.NET 7 and later); it is reached by reflection because this library
/// targets netstandard2.0 for Windows PowerShell 5.1. On Windows the file is created with a protected DACL whose only
/// entry grants full control to the file's owner (the SDDL <c>D:P(A;;FA;;;OW)</c>, Owner Rights): no inherited entry, so
/// no other user (not even one the temp folder would admit) can open it.
/// </remarks>
internal static class OwnerOnlyFile
{
    private const int UserReadWrite = 0x180; // UnixFileMode.UserRead | UnixFileMode.UserWrite (octal 600)

    /// <summary>Creates <paramref name="path"/> (which must not exist) for writing.</summary>
    public static FileStream CreateNew(string path) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? CreateOnWindows(path) : CreateOnUnix(path);

    private static FileStream CreateOnUnix(string path)
    {
        var optionsType = typeof(FileStream).Assembly.GetType("System.IO.FileStreamOptions");
        var modeProperty = optionsType?.GetProperty("UnixCreateMode");
        var constructor = optionsType is null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), optionsType });
        if (optionsType is null || modeProperty is null || constructor is null)
        {
            throw new PlatformNotSupportedException("Creating a file readable by its owner only needs .NET 7 or later on this system.");
        }

        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("Mode")!.SetValue(options, FileMode.CreateNew);
        optionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
        optionsType.GetProperty("Share")!.SetValue(options, FileShare.None);
        var unixFileMode = Nullable.GetUnderlyingType(modeProperty.PropertyType) ?? modeProperty.PropertyType;
        modeProperty.SetValue(options, Enum.ToObject(unixFileMode, UserReadWrite));
        try
        {
            return (FileStream)constructor.Invoke(new object[] { path, options });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static FileStream CreateOnWindows(string path)
    {
        if (!NativeMethods.ConvertStringSecurityDescriptorToSecurityDescriptorW("D:P(A;;FA;;;OW)", 1, out var descriptor, IntPtr.Zero))
        {
            throw new Win32Exception(Marshal.GetLastWin32Error());
        }

        try
        {
            var attributes = new NativeMethods.SecurityAttributes
            {
                Length = Marshal.SizeOf(typeof(NativeMethods.SecurityAttributes)),
                SecurityDescriptor = descriptor,
            };
            var handle = NativeMethods.CreateFileW(path, NativeMethods.GenericWrite, 0, ref attributes, NativeMethods.CreateNewDisposition,
                NativeMethods.FileAttributeNormal, IntPtr.Zero);
            if (handle.IsInvalid)
            {
                var error = Marshal.GetLastWin32Error();
                handle.Dispose();
                throw new IOException($"Cannot create '{path}': {new Win32Exception(error).Message}", error);
            }

            return new FileStream(handle, FileAccess.Write);
        }
        finally
        {
            NativeMethods.LocalFree(descriptor);
        }
    }

    private static class NativeMethods
    {
        public const uint GenericWrite = 0x40000000;
        public const uint CreateNewDisposition = 1;
        public const uint FileAttributeNormal = 0x80;

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string stringSecurityDescriptor, uint revision,
            out IntPtr securityDescriptor, IntPtr securityDescriptorSize);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern SafeFileHandle CreateFileW(string fileName, uint desiredAccess, uint shareMode, ref SecurityAttributes securityAttributes,
            uint creationDisposition, uint flagsAndAttributes, IntPtr templateFile);

        [DllImport("kernel32.dll")]
        public static extern IntPtr LocalFree(IntPtr memory);

        [StructLayout(LayoutKind.Sequential)]
        public struct SecurityAttributes
        {
            public int Length;
            public IntPtr SecurityDescriptor;
            public int InheritHandle;
        }
    }
}
