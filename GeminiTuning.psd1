@{
    # The one version number of the module: Directory.Build.props reads it into every assembly.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1f3a0e-2c1d-4f5e-9a43-7d8e2b1c9f50'
    RootModule           = 'GeminiTuning.psm1'
    Author               = 'GeminiTuning contributors'
    CompanyName          = 'GeminiTuning'
    Copyright            = '(c) GeminiTuning contributors. Licensed under the MIT License.'
    Description          = 'Create, watch, cancel and use supervised fine-tuning jobs for Gemini models on Vertex AI and the Gemini API, with objects that pipe, and a local emulator for trying it and testing scripts offline.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('GeminiTuning.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-GeminiTuning'
        'Disconnect-GeminiTuning'
        'Get-GeminiTuningContext'
        'Get-GeminiTuningJob'
        'Get-GeminiTuningMetric'
        'Invoke-GeminiTunedModel'
        'New-GeminiTuningJob'
        'Remove-GeminiTunedModel'
        'Show-GeminiTuningMetric'
        'Start-GeminiTuningEmulator'
        'Stop-GeminiTuningEmulator'
        'Stop-GeminiTuningJob'
        'Test-GeminiTuningDataset'
        'Wait-GeminiTuningJob'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Gemini', 'VertexAI', 'GoogleCloud', 'FineTuning', 'MachineLearning', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/geminituning/GeminiTuning'
            LicenseUri   = 'https://github.com/geminituning/GeminiTuning/blob/main/LICENSE'
            ReleaseNotes = 'First release. Supervised tuning jobs on Vertex AI and tuned models on the Gemini API: create, watch, cancel and call them from the pipeline, with a local emulator to try it offline. Runs on Windows PowerShell 5.1 and PowerShell 7.4+; its dependencies load privately, so it works side by side with modules that carry other versions of them, such as Az, AWS.Tools, Microsoft.Graph and GoogleCloud.'
        }
    }
}
