using System.Collections.Generic;
using System.Text;
using GeminiTuning.Internal;
using GeminiTuning.Vertex;

namespace GeminiTuning.Tests;

public class TuningJobRequestTests
{
    private static TuningJobRequest Valid() => new() { BaseModel = "gemini-2.5-flash", TrainingDatasetUri = "gs://bucket/train.jsonl" };

    [Fact]
    public void Every_parameter_is_written_in_the_services_wire_format()
    {
        var json = Encoding.UTF8.GetString(GoogleJson.Serialize(TestRequests.EveryParameter().ToResource("req1")));

        Assert.Equal(TestRequests.EveryParameterJson("req1"), json);
    }

    [Fact]
    public void A_tuned_model_as_base_continues_tuning_it()
    {
        var request = Valid();
        request.BaseModel = "projects/1/locations/us-central1/models/77@1";

        var json = Encoding.UTF8.GetString(GoogleJson.Serialize(request.ToResource("r")));

        Assert.Contains("\"preTunedModel\":{\"tunedModelName\":\"projects/1/locations/us-central1/models/77@1\"}", json);
        Assert.DoesNotContain("\"baseModel\"", json);
    }

    [Theory]
    [InlineData(GeminiAdapterSize.One, "ADAPTER_SIZE_ONE")]
    [InlineData(GeminiAdapterSize.Two, "ADAPTER_SIZE_TWO")]
    [InlineData(GeminiAdapterSize.Eight, "ADAPTER_SIZE_EIGHT")]
    [InlineData(GeminiAdapterSize.Sixteen, "ADAPTER_SIZE_SIXTEEN")]
    [InlineData(GeminiAdapterSize.ThirtyTwo, "ADAPTER_SIZE_THIRTY_TWO")]
    public void Adapter_sizes_are_sent_by_name(GeminiAdapterSize size, string wire)
    {
        var request = Valid();
        request.AdapterSize = size;

        Assert.Contains("\"adapterSize\":\"" + wire + "\"", Encoding.UTF8.GetString(GoogleJson.Serialize(request.ToResource("r"))));
    }

    [Theory]
    [InlineData("TrainingDatasetUri", "https://storage.googleapis.com/b/train.jsonl")]
    [InlineData("TrainingDatasetUri", "./train.jsonl")]
    [InlineData("TrainingDatasetUri", "gs://b")]
    [InlineData("ValidationDatasetUri", "c:\\data\\v.jsonl")]
    [InlineData("BaseModel", "")]
    [InlineData("BaseModel", "gemini 2.5")]
    [InlineData("KmsKeyName", "my-key")]
    [InlineData("ServiceAccount", "not-an-email")]
    [InlineData("RequestId", "Has Spaces")]
    public void Bad_input_is_refused_naming_the_parameter(string parameter, string value)
    {
        var request = Valid();
        switch (parameter)
        {
            case "TrainingDatasetUri": request.TrainingDatasetUri = value; break;
            case "ValidationDatasetUri": request.ValidationDatasetUri = value; break;
            case "BaseModel": request.BaseModel = value; break;
            case "KmsKeyName": request.KmsKeyName = value; break;
            case "ServiceAccount": request.ServiceAccount = value; break;
            case "RequestId": request.RequestId = value; break;
        }

        var ex = Assert.Throws<GeminiTuningArgumentException>(request.Validate);
        Assert.Equal(parameter, ex.ParameterName);
        Assert.False(string.IsNullOrEmpty(ex.RecommendedAction));
    }

    [Fact]
    public void The_display_name_is_limited_to_128_characters_not_bytes()
    {
        var request = Valid();
        request.TunedModelDisplayName = new string('é', 128);
        request.Validate();

        request.TunedModelDisplayName = new string('x', 129);
        Assert.Equal("TunedModelDisplayName", Assert.Throws<GeminiTuningArgumentException>(request.Validate).ParameterName);
    }

    [Theory]
    [InlineData("Team", "x")]
    [InlineData("team", "Search")]
    [InlineData("1team", "x")]
    [InlineData("team", "has space")]
    public void Labels_follow_the_services_rules(string key, string value)
    {
        var request = Valid();
        request.Labels[key] = value;

        Assert.Equal("Label", Assert.Throws<GeminiTuningArgumentException>(request.Validate).ParameterName);
    }

    [Fact]
    public void Epochs_and_learning_rate_multiplier_must_be_positive()
    {
        var request = Valid();
        request.EpochCount = 0;
        Assert.Equal("EpochCount", Assert.Throws<GeminiTuningArgumentException>(request.Validate).ParameterName);

        request.EpochCount = 1;
        request.LearningRateMultiplier = double.NaN;
        Assert.Equal("LearningRateMultiplier", Assert.Throws<GeminiTuningArgumentException>(request.Validate).ParameterName);
    }
}
